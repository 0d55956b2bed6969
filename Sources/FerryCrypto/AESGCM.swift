internal import COpenSSL

/// AES-256 in Galois/Counter Mode (NIST SP 800-38D) with 12-byte nonces and 16-byte tags.
public enum AES256GCM {
    /// Key length in bytes.
    public static let keySize = 32
    /// Nonce length in bytes (the 96-bit IV SP 800-38D §8.2.1 recommends).
    public static let nonceSize = 12
    /// Tag length in bytes (full-length tags only; truncated tags are not accepted).
    public static let tagSize = 16

    /// A nonce, ciphertext and tag produced by `seal` and consumed by `open`.
    public struct SealedBox: Sendable, Hashable {
        /// The 12-byte nonce.
        public let nonce: [UInt8]
        /// The ciphertext, as long as the plaintext.
        public let ciphertext: [UInt8]
        /// The 16-byte authentication tag.
        public let tag: [UInt8]

        /// Assembles a box from its parts; throws if the nonce or tag has the wrong size.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws {
            guard nonce.count == AES256GCM.nonceSize else { throw CryptoError.invalidNonce }
            guard tag.count == AES256GCM.tagSize else { throw CryptoError.invalidSealedBox }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// Splits `combined` = nonce || ciphertext || tag.
        public init(combined: [UInt8]) throws {
            let overhead = AES256GCM.nonceSize + AES256GCM.tagSize
            guard combined.count >= overhead else { throw CryptoError.invalidSealedBox }
            nonce = Array(combined[..<AES256GCM.nonceSize])
            ciphertext = Array(combined[AES256GCM.nonceSize..<(combined.count - AES256GCM.tagSize)])
            tag = Array(combined[(combined.count - AES256GCM.tagSize)...])
        }

        /// nonce || ciphertext || tag.
        public var combined: [UInt8] { nonce + ciphertext + tag }
    }

    /// Encrypts and authenticates `plaintext`, also authenticating `aad`.
    ///
    /// With `nonce == nil` a random 12-byte nonce is drawn; a caller-supplied nonce must never
    /// repeat under the same key (a repeat reveals the XOR of plaintexts and the GHASH key).
    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8]? = nil,
                            authenticating aad: [UInt8] = []) throws -> SealedBox {
        try key.withUnsafeBytes { try seal(plaintext, key: $0, nonce: nonce, authenticating: aad) }
    }

    /// Encrypts with a key held in a `Secret`; see `seal(_:key:nonce:authenticating:)`.
    public static func seal(_ plaintext: [UInt8], key: Secret, nonce: [UInt8]? = nil,
                            authenticating aad: [UInt8] = []) throws -> SealedBox {
        try key.withUnsafeBytes { try seal(plaintext, key: $0, nonce: nonce, authenticating: aad) }
    }

    /// Decrypts `box` after checking its tag over the ciphertext and `aad`.
    ///
    /// Throws `CryptoError.authenticationFailure` if anything was altered; no plaintext,
    /// not even a partial one, is returned in that case.
    public static func open(_ box: SealedBox, key: [UInt8], authenticating aad: [UInt8] = []) throws -> [UInt8] {
        try key.withUnsafeBytes { try open(box, key: $0, authenticating: aad) }
    }

    /// Decrypts with a key held in a `Secret`; see `open(_:key:authenticating:)`.
    public static func open(_ box: SealedBox, key: Secret, authenticating aad: [UInt8] = []) throws -> [UInt8] {
        try key.withUnsafeBytes { try open(box, key: $0, authenticating: aad) }
    }

    private static func seal(_ plaintext: [UInt8], key: UnsafeRawBufferPointer, nonce: [UInt8]?,
                             authenticating aad: [UInt8]) throws -> SealedBox {
        guard key.count == keySize else { throw CryptoError.invalidKey }
        let nonce = nonce ?? SecureRandom.bytes(count: nonceSize)
        guard nonce.count == nonceSize else { throw CryptoError.invalidNonce }
        guard plaintext.count < Int(Int32.max), aad.count < Int(Int32.max) else { throw CryptoError.inputTooLarge }
        let ctx = try CipherContext()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagSize)
        try ctx.begin(encrypt: true, key: key, nonce: nonce, aad: aad)
        try ciphertext.withUnsafeMutableBufferPointer { out in
            try plaintext.withUnsafeBufferPointer { input in
                var written: Int32 = 0
                if !input.isEmpty {
                    guard EVP_EncryptUpdate(ctx.pointer, out.baseAddress, &written,
                                            input.baseAddress, Int32(input.count)) == 1 else {
                        throw CipherContext.failure("EVP_EncryptUpdate")
                    }
                }
                // GCM is a stream mode: Final writes nothing, but it needs a valid pointer.
                var scratch: UInt8 = 0
                var finalWritten: Int32 = 0
                guard EVP_EncryptFinal_ex(ctx.pointer, &scratch, &finalWritten) == 1 else {
                    throw CipherContext.failure("EVP_EncryptFinal_ex")
                }
            }
        }
        guard tag.withUnsafeMutableBufferPointer({ ferry_gcm_get_tag(ctx.pointer, $0.baseAddress, Int32(tagSize)) }) == 1 else {
            throw CipherContext.failure("EVP_CIPHER_CTX_ctrl")
        }
        return try SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    private static func open(_ box: SealedBox, key: UnsafeRawBufferPointer,
                             authenticating aad: [UInt8]) throws -> [UInt8] {
        guard key.count == keySize else { throw CryptoError.invalidKey }
        guard box.ciphertext.count < Int(Int32.max), aad.count < Int(Int32.max) else { throw CryptoError.inputTooLarge }
        let ctx = try CipherContext()
        try ctx.begin(encrypt: false, key: key, nonce: box.nonce, aad: aad)
        var plaintext = [UInt8](repeating: 0, count: box.ciphertext.count)
        let authentic = try plaintext.withUnsafeMutableBufferPointer { out in
            try box.ciphertext.withUnsafeBufferPointer { input in
                var written: Int32 = 0
                if !input.isEmpty {
                    guard EVP_DecryptUpdate(ctx.pointer, out.baseAddress, &written,
                                            input.baseAddress, Int32(input.count)) == 1 else {
                        throw CipherContext.failure("EVP_DecryptUpdate")
                    }
                }
                guard box.tag.withUnsafeBufferPointer({ ferry_gcm_set_tag(ctx.pointer, $0.baseAddress, Int32(tagSize)) }) == 1 else {
                    throw CipherContext.failure("EVP_CIPHER_CTX_ctrl")
                }
                var scratch: UInt8 = 0
                var finalWritten: Int32 = 0
                return EVP_DecryptFinal_ex(ctx.pointer, &scratch, &finalWritten) == 1
            }
        }
        guard authentic else {
            // The tag check failed: the decrypted bytes are attacker-influenced, never release them.
            secureWipe(&plaintext)
            ERR_clear_error()
            throw CryptoError.authenticationFailure
        }
        return plaintext
    }
}

/// The AES-256-GCM sealed box, also reachable without the `AES256GCM.` prefix.
public typealias SealedBox = AES256GCM.SealedBox

/// Owns one EVP_CIPHER_CTX for a single seal or open.
private final class CipherContext {
    let pointer: OpaquePointer

    init() throws {
        guard let pointer = EVP_CIPHER_CTX_new() else { throw CipherContext.failure("EVP_CIPHER_CTX_new") }
        self.pointer = pointer
    }

    deinit {
        // EVP_CIPHER_CTX_free cleanses the expanded key.
        EVP_CIPHER_CTX_free(pointer)
    }

    static func failure(_ call: StaticString) -> CryptoError {
        ERR_clear_error()
        return CryptoError.openSSL(call: call)
    }

    /// Selects AES-256-GCM, sets the 12-byte nonce length, keys the context, feeds the AAD.
    func begin(encrypt: Bool, key: UnsafeRawBufferPointer, nonce: [UInt8], aad: [UInt8]) throws {
        let initialize = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        guard initialize(pointer, EVP_aes_256_gcm(), nil, nil, nil) == 1 else {
            throw CipherContext.failure("EVP_CipherInit_ex")
        }
        guard ferry_gcm_set_ivlen(pointer, Int32(AES256GCM.nonceSize)) == 1 else {
            throw CipherContext.failure("EVP_CIPHER_CTX_ctrl")
        }
        let keyed = nonce.withUnsafeBufferPointer { iv in
            initialize(pointer, nil, nil, key.baseAddress?.assumingMemoryBound(to: UInt8.self), iv.baseAddress)
        }
        guard keyed == 1 else { throw CipherContext.failure("EVP_CipherInit_ex") }
        guard !aad.isEmpty else { return }
        let update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate
        var written: Int32 = 0
        // A NULL output pointer tells OpenSSL these bytes are AAD, not plaintext.
        let fed = aad.withUnsafeBufferPointer { update(pointer, nil, &written, $0.baseAddress, Int32($0.count)) }
        guard fed == 1 else { throw CipherContext.failure("EVP_CipherUpdate") }
    }
}
