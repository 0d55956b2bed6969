/// A parsed JSON Pointer (RFC 6901) naming one value inside a JSON document.
///
/// Syntax is checked here (RFC 6901 §3); whether a token names an array element is
/// decided at lookup (§4), so `/01` and `/-` are valid pointers that match object keys
/// `"01"` and `"-"` but never an array element.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first; empty for the whole document.
    public let tokens: [String]

    /// Parses pointer text such as `/a~1b/~0c/0`; `""` is the whole document.
    public init(_ text: String) throws(JSONError) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else {
            tokens = []
            return
        }
        // RFC 6901 §3: json-pointer = *( "/" reference-token ).
        guard utf8[0] == UInt8(ascii: "/") else { throw JSONError.invalidPointer.at(0) }
        var tokens: [String] = []
        var current: [UInt8] = []
        var i = 1
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: "/") {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else if c == UInt8(ascii: "~") {
                // RFC 6901 §3: escaped = "~" ( "0" / "1" ); §4: "~1" → "/", then "~0" → "~".
                guard i + 1 < utf8.count else { throw JSONError.invalidPointer.at(i) }
                switch utf8[i + 1] {
                case UInt8(ascii: "0"): current.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): current.append(UInt8(ascii: "/"))
                default: throw JSONError.invalidPointer.at(i)
                }
                i += 1
            } else {
                current.append(c)
            }
            i += 1
        }
        tokens.append(String(decoding: current, as: UTF8.self))
        self.tokens = tokens
    }

    /// A pointer from already-unescaped reference tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// The pointer text, re-escaped (pointers name fields in config, never payload data).
    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            for c in token.unicodeScalars {
                switch c {
                case "~": text += "~0"
                case "/": text += "~1"
                default: text.unicodeScalars.append(c)
                }
            }
        }
        return text
    }

    /// RFC 6901 §4: an array index is "0" or digits without a leading zero; "-" and
    /// anything else name no element.
    static func arrayIndex(_ token: String) -> Int? {
        var value = 0
        var count = 0
        for c in token.utf8 {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            guard count == 0 || value != 0 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = next
            count += 1
        }
        return count == 0 ? nil : value
    }
}

extension JSONIndex {
    /// Evaluates `pointer` (RFC 6901 §4) against the indexed document; nil if it names nothing.
    /// With duplicate object keys, the first member in document order wins.
    public func lookup(_ pointer: JSONPointer, in bytes: UnsafeRawBufferPointer) -> JSONValueRef? {
        guard bytes.count == byteCount else { return nil }
        var current = 0
        for token in pointer.tokens {
            let next: Int?
            switch tokens[current].kind {
            case .object:
                var key = token
                next = key.withUTF8 { member($0, of: current, in: bytes) }
            case .array:
                next = JSONPointer.arrayIndex(token).flatMap { element($0, of: current) }
            default:
                next = nil
            }
            guard let next else { return nil }
            current = next
        }
        return JSONValueRef(token: current)
    }
}
