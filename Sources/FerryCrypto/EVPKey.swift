internal import COpenSSL

/// Owns one OpenSSL `EVP_PKEY` and performs the EVP sign/verify calls for the key types.
///
/// `@unchecked Sendable` is sound: the key is never mutated after init, and OpenSSL 3
/// allows concurrent read-only use of an `EVP_PKEY` ("Multithreading" in openssl-threads(7));
/// every sign or verify makes its own `EVP_MD_CTX`.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Parses a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7); trailing bytes are rejected.
    static func subjectPublicKeyInfo(der: UnsafeRawBufferPointer) throws -> EVPKey {
        guard let base = der.baseAddress?.assumingMemoryBound(to: UInt8.self), der.count > 0 else {
            throw CryptoError.invalidKey
        }
        var cursor: UnsafePointer<UInt8>? = UnsafePointer(base)
        guard let key = d2i_PUBKEY(nil, &cursor, der.count) else {
            ERR_clear_error()
            throw CryptoError.invalidKey
        }
        let result = EVPKey(taking: key)
        guard cursor == UnsafePointer(base) + der.count else { throw CryptoError.invalidKey }
        return result
    }

    /// Parses a PEM "PUBLIC KEY" block (RFC 7468 §13, SubjectPublicKeyInfo).
    static func subjectPublicKeyInfo(pem: String) throws -> EVPKey {
        var pem = pem
        let parsed: OpaquePointer? = pem.withUTF8 { utf8 in
            guard utf8.count < Int(Int32.max), let bio = BIO_new_mem_buf(utf8.baseAddress, Int32(utf8.count)) else {
                return nil
            }
            defer { BIO_free(bio) }
            return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        guard let key = parsed else {
            ERR_clear_error()
            throw CryptoError.invalidKey
        }
        return EVPKey(taking: key)
    }

    /// Whether the key is of OpenSSL type `name` ("RSA", "EC", "ED25519").
    func isA(_ name: String) -> Bool {
        EVP_PKEY_is_a(pointer, name) == 1
    }

    /// The key size in bits (modulus size for RSA).
    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// The EC group's short name ("prime256v1"), or nil for other key types.
    var groupName: String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(pointer, &buffer, buffer.count, &length) == 1 else {
            ERR_clear_error()
            return nil
        }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Signature padding for RSA keys; ignored for other types.
    enum Padding {
        case none
        case pkcs1v15
        case pss(saltLength: Int32)
    }

    /// Verifies `signature` over `data`; `digest` is nil for Ed25519 (PureEdDSA hashes internally).
    func isValidSignature(_ signature: UnsafeRawBufferPointer, for data: UnsafeRawBufferPointer,
                          digest: OpaquePointer?, padding: Padding = .none) -> Bool {
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(ctx)
            ERR_clear_error()
        }
        var pctx: OpaquePointer?
        guard EVP_DigestVerifyInit(ctx, &pctx, digest, nil, pointer) == 1, let pctx else { return false }
        switch padding {
        case .none: break
        case .pkcs1v15: guard ferry_rsa_pkcs1(pctx) == 1 else { return false }
        case .pss(let saltLength): guard ferry_rsa_pss_sha256(pctx, saltLength) == 1 else { return false }
        }
        return EVPKey.withNonNull(signature) { sig in
            EVPKey.withNonNull(data) { tbs in
                EVP_DigestVerify(ctx, sig, signature.count, tbs, data.count) == 1
            }
        }
    }

    /// Signs `data`; `digest` is nil for Ed25519.
    func signature(for data: UnsafeRawBufferPointer, digest: OpaquePointer?) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openSSL(call: "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, digest, nil, pointer) == 1 else {
            ERR_clear_error()
            throw CryptoError.openSSL(call: "EVP_DigestSignInit")
        }
        var length = 0
        guard EVPKey.withNonNull(data, { EVP_DigestSign(ctx, nil, &length, $0, data.count) }) == 1 else {
            ERR_clear_error()
            throw CryptoError.openSSL(call: "EVP_DigestSign")
        }
        var output = [UInt8](repeating: 0, count: length)
        let rc = output.withUnsafeMutableBufferPointer { out in
            EVPKey.withNonNull(data) { EVP_DigestSign(ctx, out.baseAddress, &length, $0, data.count) }
        }
        guard rc == 1 else {
            ERR_clear_error()
            throw CryptoError.openSSL(call: "EVP_DigestSign")
        }
        return Array(output[..<length])
    }

    /// Lends a non-NULL pointer even for an empty buffer: some EVP paths treat NULL as
    /// "size query" or reject it, while an empty message (RFC 8032 TEST 1) is valid.
    static func withNonNull<R>(_ buffer: UnsafeRawBufferPointer, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        if let base = buffer.baseAddress {
            return body(base.assumingMemoryBound(to: UInt8.self))
        }
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { body($0) }
    }
}
