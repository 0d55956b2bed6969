/// An error from FerryCrypto; its description names what failed, never key or data bytes.
public struct CryptoError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case invalidKey
        case invalidNonce
        case invalidSealedBox
        case invalidHex
        case invalidBase64
        case authenticationFailure
        case inputTooLarge
        case openSSL(call: String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// Key material of the wrong size, type, curve or encoding.
    public static let invalidKey = CryptoError(.invalidKey)
    /// A nonce of the wrong size.
    public static let invalidNonce = CryptoError(.invalidNonce)
    /// A sealed box too short or with parts of the wrong size.
    public static let invalidSealedBox = CryptoError(.invalidSealedBox)
    /// Text that is not strict hexadecimal (odd length or a non-hex character).
    public static let invalidHex = CryptoError(.invalidHex)
    /// Text that is not strict, canonical base64 or base64url.
    public static let invalidBase64 = CryptoError(.invalidBase64)
    /// An AEAD tag that does not match; no plaintext is released.
    public static let authenticationFailure = CryptoError(.authenticationFailure)
    /// An input longer than OpenSSL's `int` length parameters allow (2 GiB).
    public static let inputTooLarge = CryptoError(.inputTooLarge)

    /// An OpenSSL call that reported failure; `call` is the C function's name.
    public static func openSSL(call: StaticString) -> CryptoError {
        CryptoError(.openSSL(call: "\(call)"))
    }

    public var description: String {
        switch code {
        case .invalidKey: "CryptoError.invalidKey"
        case .invalidNonce: "CryptoError.invalidNonce"
        case .invalidSealedBox: "CryptoError.invalidSealedBox"
        case .invalidHex: "CryptoError.invalidHex"
        case .invalidBase64: "CryptoError.invalidBase64"
        case .authenticationFailure: "CryptoError.authenticationFailure"
        case .inputTooLarge: "CryptoError.inputTooLarge"
        case .openSSL(let call): "CryptoError.openSSL(\(call))"
        }
    }
}
