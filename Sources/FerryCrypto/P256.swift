internal import COpenSSL

/// A NIST P-256 public key for verifying ECDSA-SHA-256 signatures (FIPS 186-4 §6.4).
public struct P256PublicKey: Sendable {
    private let key: EVPKey

    /// Parses a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block holding a P-256 key.
    public init(pem: String) throws {
        try self.init(validating: EVPKey.subjectPublicKeyInfo(pem: pem))
    }

    /// Parses a DER SubjectPublicKeyInfo holding a P-256 key.
    public init(derSubjectPublicKeyInfo der: [UInt8]) throws {
        try self.init(validating: der.withUnsafeBytes { try EVPKey.subjectPublicKeyInfo(der: $0) })
    }

    /// Parses the 65-byte uncompressed point 0x04 || X || Y (SEC 1 §2.3.3, ANSI X9.63).
    ///
    /// The point is wrapped in the fixed P-256 SubjectPublicKeyInfo header, so OpenSSL's
    /// SPKI decoder checks that it lies on the curve.
    public init(x963 point: [UInt8]) throws {
        guard point.count == 65, point[0] == 0x04 else { throw CryptoError.invalidKey }
        try self.init(derSubjectPublicKeyInfo: P256PublicKey.spkiPrefix + point)
    }

    private init(validating key: EVPKey) throws {
        guard key.isA("EC"), key.groupName == "prime256v1" else { throw CryptoError.invalidKey }
        self.key = key
    }

    /// SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (66 bytes, 0 unused bits) }
    /// (RFC 5480 §2); the 65-byte point follows.
    private static let spkiPrefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01,
        0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ]

    /// Whether the DER ECDSA-Sig-Value (RFC 3279 §2.2.3) is a valid signature of SHA-256(`data`).
    public func isValidSignature(der signature: UnsafeRawBufferPointer, for data: UnsafeRawBufferPointer) -> Bool {
        key.isValidSignature(signature, for: data, digest: EVP_sha256())
    }

    /// Whether the DER ECDSA-Sig-Value is a valid signature of SHA-256(`data`).
    public func isValidSignature(der signature: [UInt8], for data: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in data.withUnsafeBytes { isValidSignature(der: s, for: $0) } }
    }

    /// Whether the 64-byte r || s signature (IEEE P1363, as in JWS ES256, RFC 7518 §3.4) is
    /// a valid signature of SHA-256(`data`).
    public func isValidSignature(raw signature: UnsafeRawBufferPointer, for data: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == 64, let base = signature.baseAddress else { return false }
        // DER of two 33-byte INTEGERs plus headers is at most 72 bytes.
        return withUnsafeTemporaryAllocation(byteCount: 80, alignment: 1) { der in
            let length = ferry_ecdsa_raw_to_der(base.assumingMemoryBound(to: UInt8.self), 32,
                                                der.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                Int32(der.count))
            guard length > 0 else {
                ERR_clear_error()
                return false
            }
            return isValidSignature(der: UnsafeRawBufferPointer(rebasing: der[..<Int(length)]), for: data)
        }
    }

    /// Whether the 64-byte r || s signature is a valid signature of SHA-256(`data`).
    public func isValidSignature(raw signature: [UInt8], for data: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in data.withUnsafeBytes { isValidSignature(raw: s, for: $0) } }
    }

    /// Whether the DER ECDSA-Sig-Value is a valid signature of SHA-256(`data`).
    public func isValidSignature(der signature: [UInt8], for data: UnsafeRawBufferPointer) -> Bool {
        signature.withUnsafeBytes { isValidSignature(der: $0, for: data) }
    }

    /// Whether the 64-byte r || s signature is a valid signature of SHA-256(`data`).
    public func isValidSignature(raw signature: [UInt8], for data: UnsafeRawBufferPointer) -> Bool {
        signature.withUnsafeBytes { isValidSignature(raw: $0, for: data) }
    }
}
