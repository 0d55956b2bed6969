internal import COpenSSL

/// An RSA public key for verifying SHA-256 signatures from webhook providers.
///
/// Keys under 2048 bits are rejected (NIST SP 800-131A disallows them for signatures).
public struct RSAPublicKey: Sendable {
    /// The smallest accepted modulus, in bits.
    public static let minimumBits = 2048

    /// The salt length an RSA-PSS signature must use.
    public enum PSSSaltLength: Sendable, Hashable {
        /// Any salt length, recovered from the signature (OpenSSL `RSA_PSS_SALTLEN_AUTO`);
        /// accepts the common digest-length (32-byte) salts as well as maximal ones.
        case auto
        /// Exactly the digest length, 32 bytes (RFC 8017 §9.1 and the usual provider choice).
        case digestLength
    }

    private let key: EVPKey

    /// Parses a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block.
    public init(pem: String) throws {
        try self.init(validating: EVPKey.subjectPublicKeyInfo(pem: pem))
    }

    /// Parses a DER SubjectPublicKeyInfo.
    public init(derSubjectPublicKeyInfo der: [UInt8]) throws {
        try self.init(validating: der.withUnsafeBytes { try EVPKey.subjectPublicKeyInfo(der: $0) })
    }

    private init(validating key: EVPKey) throws {
        guard key.isA("RSA"), key.bits >= RSAPublicKey.minimumBits else { throw CryptoError.invalidKey }
        self.key = key
    }

    /// The modulus size in bits.
    public var bitCount: Int { key.bits }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature (RFC 8017 §8.2) of `data`.
    public func isValidPKCS1v15SHA256Signature(_ signature: UnsafeRawBufferPointer,
                                               for data: UnsafeRawBufferPointer) -> Bool {
        key.isValidSignature(signature, for: data, digest: EVP_sha256(), padding: .pkcs1v15)
    }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    public func isValidPKCS1v15SHA256Signature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in
            data.withUnsafeBytes { isValidPKCS1v15SHA256Signature(s, for: $0) }
        }
    }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    public func isValidPKCS1v15SHA256Signature(_ signature: [UInt8], for data: UnsafeRawBufferPointer) -> Bool {
        signature.withUnsafeBytes { isValidPKCS1v15SHA256Signature($0, for: data) }
    }

    /// Whether `signature` is a valid RSASSA-PSS signature (RFC 8017 §8.1) of `data` with
    /// SHA-256 and MGF1-SHA-256. The default `.auto` accepts any salt length, including the
    /// digest-length salt most providers use; pass `.digestLength` to require 32 bytes.
    public func isValidPSSSHA256Signature(_ signature: UnsafeRawBufferPointer, for data: UnsafeRawBufferPointer,
                                          saltLength: PSSSaltLength = .auto) -> Bool {
        let salt: Int32 = switch saltLength {
        case .auto: RSA_PSS_SALTLEN_AUTO
        case .digestLength: RSA_PSS_SALTLEN_DIGEST
        }
        return key.isValidSignature(signature, for: data, digest: EVP_sha256(), padding: .pss(saltLength: salt))
    }

    /// Whether `signature` is a valid RSASSA-PSS SHA-256 signature of `data`; see the buffer overload.
    public func isValidPSSSHA256Signature(_ signature: [UInt8], for data: [UInt8],
                                          saltLength: PSSSaltLength = .auto) -> Bool {
        signature.withUnsafeBytes { s in
            data.withUnsafeBytes { isValidPSSSHA256Signature(s, for: $0, saltLength: saltLength) }
        }
    }

    /// Whether `signature` is a valid RSASSA-PSS SHA-256 signature of `data`; see the buffer overload.
    public func isValidPSSSHA256Signature(_ signature: [UInt8], for data: UnsafeRawBufferPointer,
                                          saltLength: PSSSaltLength = .auto) -> Bool {
        signature.withUnsafeBytes { isValidPSSSHA256Signature($0, for: data, saltLength: saltLength) }
    }
}
