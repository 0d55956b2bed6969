/// Why a JSON text or a JSON Pointer was rejected; carries at most a byte offset, never input bytes.
///
/// Payloads are PHI, so neither the message nor any stored property quotes the input.
/// Two errors are equal when they are the same kind of failure: the offset is diagnostic
/// only, so `#expect(throws: JSONError.invalidNumber)` matches wherever the number was.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: UInt8, Sendable {
        case unexpectedEnd, invalidToken, invalidString, invalidNumber, invalidEscape
        case invalidUTF8, trailingData, tooDeep, tooLarge, invalidPointer
    }

    private let code: Code
    /// Byte offset in the JSON text (or in the pointer's UTF-8) where the failure was found.
    public let offset: Int?

    private init(_ code: Code, offset: Int? = nil) {
        self.code = code
        self.offset = offset
    }

    /// The text ended inside a value, or was empty.
    public static let unexpectedEnd = JSONError(.unexpectedEnd)
    /// A byte that cannot start or continue a value here (includes `NaN`, comments, `'`, a BOM).
    public static let invalidToken = JSONError(.invalidToken)
    /// A string holds an unescaped control character (RFC 8259 §7).
    public static let invalidString = JSONError(.invalidString)
    /// A number breaks the RFC 8259 §6 grammar (`01`, `-`, `1.`, `1e`).
    public static let invalidNumber = JSONError(.invalidNumber)
    /// An escape other than RFC 8259 §7's, or a lone or mismatched UTF-16 surrogate.
    public static let invalidEscape = JSONError(.invalidEscape)
    /// Bytes that are not well-formed UTF-8 (RFC 8259 §8.1, RFC 3629 §4).
    public static let invalidUTF8 = JSONError(.invalidUTF8)
    /// Something other than whitespace follows the single top-level value.
    public static let trailingData = JSONError(.trailingData)
    /// Objects and arrays nest deeper than the index's `maxDepth`.
    public static let tooDeep = JSONError(.tooDeep)
    /// The text is too large for 32-bit token offsets (4 GiB).
    public static let tooLarge = JSONError(.tooLarge)
    /// A JSON Pointer breaks RFC 6901 §3 syntax.
    public static let invalidPointer = JSONError(.invalidPointer)

    /// The same failure, found at `offset`.
    func at(_ offset: Int) -> JSONError {
        JSONError(code, offset: offset)
    }

    public static func == (lhs: JSONError, rhs: JSONError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    public var description: String {
        let what: String
        switch code {
        case .unexpectedEnd: what = "unexpected end of JSON text"
        case .invalidToken: what = "invalid JSON token"
        case .invalidString: what = "control character in JSON string"
        case .invalidNumber: what = "invalid JSON number"
        case .invalidEscape: what = "invalid JSON string escape"
        case .invalidUTF8: what = "invalid UTF-8 in JSON text"
        case .trailingData: what = "data after the JSON value"
        case .tooDeep: what = "JSON nested too deeply"
        case .tooLarge: what = "JSON text too large"
        case .invalidPointer: what = "invalid JSON Pointer"
        }
        guard let offset else { return what }
        return "\(what) at byte \(offset)"
    }
}
