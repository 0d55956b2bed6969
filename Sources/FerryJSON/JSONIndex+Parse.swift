// The validating scanner behind `JSONIndex.init`: one pass over the bytes, no recursion,
// no allocation beyond the token array. Open containers form a linked list through the
// `span` field of their tokens (it holds the parent's index until the container closes).

private let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
private let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
private let openObject = UInt8(ascii: "{"), closeObject = UInt8(ascii: "}")
private let openArray = UInt8(ascii: "["), closeArray = UInt8(ascii: "]")
private let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")
private let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
/// Marks "no enclosing container" in the parent chain.
private let noParent = UInt32.max

extension JSONIndex {
    /// Validates `bytes` as one JSON text (RFC 8259 §2) and indexes every value in it.
    ///
    /// Strict: no trailing commas, comments, `NaN`, leading zeros, unescaped control
    /// characters, lone surrogates, ill-formed UTF-8, or byte order mark (RFC 8259 §8.1
    /// lets a parser ignore a BOM; Ferry rejects it because senders MUST NOT add one).
    /// Nesting deeper than `maxDepth` objects and arrays throws `.tooDeep`.
    public init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(JSONError) {
        guard bytes.count < Int(UInt32.max) else { throw JSONError.tooLarge.at(0) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw JSONError.unexpectedEnd.at(0) }
        // A guess: a 2 KB webhook body holds about one token per 8-10 bytes.
        var tokens = TokenBuffer(capacity: bytes.count / 8 + 4)
        do {
            try Self.scan(base.assumingMemoryBound(to: UInt8.self), bytes.count, maxDepth: maxDepth, into: &tokens)
        } catch {
            tokens.discard()
            throw error
        }
        self.tokens = tokens.freeze()
        self.byteCount = bytes.count
    }

    private static func scan(
        _ p: UnsafePointer<UInt8>, _ n: Int, maxDepth: Int, into tokens: inout TokenBuffer
    ) throws(JSONError) {
        var i = skipWhitespace(p, n, 0)
        var depth = 0
        var top = noParent
        value: while true {
            guard i < n else { throw JSONError.unexpectedEnd.at(i) }
            let c = p[i]
            switch c {
            case openObject, openArray:
                depth += 1
                guard depth <= maxDepth else { throw JSONError.tooDeep.at(i) }
                let isObject = c == openObject
                tokens.append(Token(start: UInt32(i), end: 0, span: top, count: 0,
                                    kind: isObject ? .object : .array, flag: false))
                top = UInt32(tokens.count - 1)
                i = skipWhitespace(p, n, i + 1)
                guard i < n else { throw JSONError.unexpectedEnd.at(i) }
                if p[i] != (isObject ? closeObject : closeArray) {
                    tokens[Int(top)].count = 1
                    if isObject { i = try scanKey(p, n, i, into: &tokens) }
                    continue value
                }
                i += 1
                close(&top, at: i, in: &tokens)
                depth -= 1
            case quote:
                i = try scanString(p, n, i, into: &tokens)
            case minus, zero...nine:
                i = try scanNumber(p, n, i, into: &tokens)
            case UInt8(ascii: "t"):
                // RFC 8259 §3: the literal names are lowercase and exact.
                guard i + 4 <= n, p[i + 1] == UInt8(ascii: "r"), p[i + 2] == UInt8(ascii: "u"),
                      p[i + 3] == UInt8(ascii: "e") else { throw JSONError.invalidToken.at(i) }
                tokens.append(Token(start: UInt32(i), end: UInt32(i + 4), span: 1, count: 0, kind: .bool, flag: true))
                i += 4
            case UInt8(ascii: "f"):
                guard i + 5 <= n, p[i + 1] == UInt8(ascii: "a"), p[i + 2] == UInt8(ascii: "l"),
                      p[i + 3] == UInt8(ascii: "s"), p[i + 4] == UInt8(ascii: "e")
                else { throw JSONError.invalidToken.at(i) }
                tokens.append(Token(start: UInt32(i), end: UInt32(i + 5), span: 1, count: 0, kind: .bool, flag: false))
                i += 5
            case UInt8(ascii: "n"):
                guard i + 4 <= n, p[i + 1] == UInt8(ascii: "u"), p[i + 2] == UInt8(ascii: "l"),
                      p[i + 3] == UInt8(ascii: "l") else { throw JSONError.invalidToken.at(i) }
                tokens.append(Token(start: UInt32(i), end: UInt32(i + 4), span: 1, count: 0, kind: .null, flag: false))
                i += 4
            default:
                throw JSONError.invalidToken.at(i)
            }
            // A value is complete: close containers, or go on to the next member or element.
            while true {
                i = skipWhitespace(p, n, i)
                guard top != noParent else { break value }
                guard i < n else { throw JSONError.unexpectedEnd.at(i) }
                let isObject = tokens[Int(top)].kind == .object
                if p[i] == comma {
                    // RFC 8259 §4-§5: a comma must be followed by another member or element.
                    tokens[Int(top)].count += 1
                    i = skipWhitespace(p, n, i + 1)
                    if isObject { i = try scanKey(p, n, i, into: &tokens) }
                    continue value
                }
                guard p[i] == (isObject ? closeObject : closeArray) else { throw JSONError.invalidToken.at(i) }
                i += 1
                close(&top, at: i, in: &tokens)
                depth -= 1
            }
        }
        // RFC 8259 §2: JSON-text = ws value ws, nothing more.
        guard i == n else { throw JSONError.trailingData.at(i) }
    }

    /// Ends container `top` at `end`, records its subtree size, and pops to its parent.
    @inline(__always)
    private static func close(_ top: inout UInt32, at end: Int, in tokens: inout TokenBuffer) {
        let container = Int(top)
        top = tokens[container].span
        tokens[container].end = UInt32(end)
        tokens[container].span = UInt32(tokens.count - container)
    }

    /// RFC 8259 §2: insignificant whitespace is space, tab, line feed, carriage return.
    @inline(__always)
    private static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int {
        var i = start
        while i < n {
            let b = p[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { break }
            i += 1
        }
        return i
    }

    /// RFC 8259 §4: member = string name-separator value; leaves `i` at the value.
    private static func scanKey(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, into tokens: inout TokenBuffer
    ) throws(JSONError) -> Int {
        guard start < n else { throw JSONError.unexpectedEnd.at(start) }
        guard p[start] == quote else { throw JSONError.invalidToken.at(start) }
        var i = skipWhitespace(p, n, try scanString(p, n, start, into: &tokens))
        guard i < n else { throw JSONError.unexpectedEnd.at(i) }
        guard p[i] == colon else { throw JSONError.invalidToken.at(i) }
        i = skipWhitespace(p, n, i + 1)
        return i
    }

    /// RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT ).
    private static func scanNumber(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, into tokens: inout TokenBuffer
    ) throws(JSONError) -> Int {
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < n && p[i] >= zero && p[i] <= nine }
        var i = start
        if p[i] == minus { i += 1 }
        guard isDigit(i) else { throw JSONError.invalidNumber.at(start) }
        if p[i] == zero {
            i += 1
            // A leading zero may only stand alone (`01` is not a number).
            guard !isDigit(i) else { throw JSONError.invalidNumber.at(start) }
        } else {
            while isDigit(i) { i += 1 }
        }
        var fractional = false
        if i < n && p[i] == dot {
            fractional = true
            i += 1
            guard isDigit(i) else { throw JSONError.invalidNumber.at(start) }
            while isDigit(i) { i += 1 }
        }
        if i < n && (p[i] | 0x20) == UInt8(ascii: "e") {
            fractional = true
            i += 1
            if i < n && (p[i] == plus || p[i] == minus) { i += 1 }
            guard isDigit(i) else { throw JSONError.invalidNumber.at(start) }
            while isDigit(i) { i += 1 }
        }
        tokens.append(Token(start: UInt32(start), end: UInt32(i), span: 1, count: 0, kind: .number, flag: fractional))
        return i
    }
}
