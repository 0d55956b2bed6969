internal import COpenSSL

/// An Ed25519 public key (RFC 8032 §5.1) for verifying PureEdDSA signatures.
public struct Ed25519PublicKey: Sendable {
    private let key: EVPKey

    /// Creates a key from its 32-byte encoding; throws `CryptoError.invalidKey` otherwise.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32 else { throw CryptoError.invalidKey }
        let parsed = rawRepresentation.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, $0.baseAddress, 32)
        }
        guard let parsed else {
            ERR_clear_error()
            throw CryptoError.invalidKey
        }
        key = EVPKey(taking: parsed)
    }

    /// The 32-byte encoding of the key.
    public var rawRepresentation: [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length = 32
        let rc = output.withUnsafeMutableBufferPointer {
            EVP_PKEY_get_raw_public_key(key.pointer, $0.baseAddress, &length)
        }
        precondition(rc == 1 && length == 32, "EVP_PKEY_get_raw_public_key failed on an Ed25519 key")
        return output
    }

    /// Whether `signature` (64 bytes) is a valid signature of `data` by this key.
    public func isValidSignature(_ signature: UnsafeRawBufferPointer, for data: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == 64 else { return false }
        return key.isValidSignature(signature, for: data, digest: nil)
    }

    /// Whether `signature` (64 bytes) is a valid signature of `data` by this key.
    public func isValidSignature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in data.withUnsafeBytes { isValidSignature(s, for: $0) } }
    }

    /// Whether `signature` (64 bytes) is a valid signature of `data` by this key.
    public func isValidSignature(_ signature: [UInt8], for data: UnsafeRawBufferPointer) -> Bool {
        signature.withUnsafeBytes { isValidSignature($0, for: data) }
    }
}

/// An Ed25519 private key (RFC 8032 §5.1.5) for signing outbound deliveries.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let key: EVPKey

    /// Creates a key from its 32-byte seed (RFC 8032's "secret key").
    public init(seed: [UInt8]) throws {
        key = try seed.withUnsafeBytes { try Ed25519PrivateKey.makeKey(seed: $0) }
    }

    /// Creates a key from a 32-byte seed held in a `Secret`.
    public init(seed: Secret) throws {
        key = try seed.withUnsafeBytes { try Ed25519PrivateKey.makeKey(seed: $0) }
    }

    private static func makeKey(seed: UnsafeRawBufferPointer) throws -> EVPKey {
        guard seed.count == 32, let base = seed.baseAddress else { throw CryptoError.invalidKey }
        let parsed = EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil,
                                                     base.assumingMemoryBound(to: UInt8.self), 32)
        guard let parsed else {
            ERR_clear_error()
            throw CryptoError.invalidKey
        }
        return EVPKey(taking: parsed)
    }

    /// Generates a key from a fresh random seed (RFC 8032 §5.1.5: the seed is 32 random bytes).
    public static func generate() -> Ed25519PrivateKey {
        var seed = SecureRandom.bytes(count: 32)
        defer { secureWipe(&seed) }
        do {
            return try Ed25519PrivateKey(seed: seed)
        } catch {
            preconditionFailure("Ed25519PrivateKey.generate: OpenSSL rejected a 32-byte seed")
        }
    }

    /// The matching public key (a separate public-only key, so it carries no secret).
    public var publicKey: Ed25519PublicKey {
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        let rc = raw.withUnsafeMutableBufferPointer {
            EVP_PKEY_get_raw_public_key(key.pointer, $0.baseAddress, &length)
        }
        precondition(rc == 1 && length == 32, "EVP_PKEY_get_raw_public_key failed on an Ed25519 key")
        do {
            return try Ed25519PublicKey(rawRepresentation: raw)
        } catch {
            preconditionFailure("Ed25519: OpenSSL rejected its own public key")
        }
    }

    /// Signs `data` (deterministic, RFC 8032 §5.1.6).
    public func signature(for data: UnsafeRawBufferPointer) throws -> [UInt8] {
        try key.signature(for: data, digest: nil)
    }

    /// Signs `data` (deterministic, RFC 8032 §5.1.6).
    public func signature(for data: [UInt8]) throws -> [UInt8] {
        try data.withUnsafeBytes { try signature(for: $0) }
    }

    public var description: String { "Ed25519PrivateKey(<redacted>)" }
    public var debugDescription: String { "Ed25519PrivateKey(<redacted>)" }
}
