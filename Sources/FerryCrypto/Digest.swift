internal import COpenSSL

/// The hash functions FerryCrypto offers for digests and HMAC.
public enum HashFunction: Sendable, Hashable, CaseIterable {
    /// SHA-1: only for legacy HMAC-SHA1 webhook signatures, never for new designs.
    case sha1
    case sha256
    case sha512

    /// The digest (and HMAC tag) length in bytes.
    public var digestSize: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
    }

    /// The OpenSSL 3 algorithm name (used for the HMAC digest parameter).
    var openSSLName: String {
        switch self {
        case .sha1: "SHA1"
        case .sha256: "SHA256"
        case .sha512: "SHA512"
        }
    }

    /// The implicitly fetched EVP_MD for one-shot digests.
    var evpMD: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
    }

    /// Hashes `data` into `output` (at least `digestSize` bytes); returns the bytes written.
    func hash(_ data: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(output.count >= digestSize, "hash output buffer too small")
        var length: UInt32 = 0
        let rc = EVP_Digest(data.baseAddress, data.count,
                            output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
                            evpMD, nil)
        // EVP_Digest fails only on allocation failure or a missing default provider, both
        // of which leave the process unable to do any crypto at all.
        precondition(rc == 1, "EVP_Digest failed")
        return Int(length)
    }

    /// Hashes `data` and returns the digest.
    func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: digestSize) { buffer, initialized in
            initialized = hash(data, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }
}

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    /// The digest length in bytes.
    public static let digestSize = 32

    /// Returns the SHA-256 digest of `data`.
    public static func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        HashFunction.sha256.hash(data)
    }

    /// Returns the SHA-256 digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { HashFunction.sha256.hash($0) }
    }

    /// Writes the digest of `data` into `output` (at least 32 bytes); returns 32.
    public static func hash(_ data: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        HashFunction.sha256.hash(data, into: output)
    }
}

/// SHA-512 (FIPS 180-4).
public enum SHA512 {
    /// The digest length in bytes.
    public static let digestSize = 64

    /// Returns the SHA-512 digest of `data`.
    public static func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        HashFunction.sha512.hash(data)
    }

    /// Returns the SHA-512 digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { HashFunction.sha512.hash($0) }
    }
}

/// SHA-1 (FIPS 180-4): broken for collisions; only for interoperating with legacy formats.
public enum SHA1 {
    /// The digest length in bytes.
    public static let digestSize = 20

    /// Returns the SHA-1 digest of `data`.
    public static func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        HashFunction.sha1.hash(data)
    }

    /// Returns the SHA-1 digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { HashFunction.sha1.hash($0) }
    }
}
