// Strings: validation while indexing (RFC 8259 §7-§8) and unescaping on demand.

private let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

extension JSONIndex {
    /// RFC 8259 §7: string = quotation-mark *char quotation-mark. Returns the offset after the
    /// closing quote and records whether the body holds escapes, so unescaped strings can be
    /// materialized by a plain copy.
    static func scanString(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, into tokens: inout TokenBuffer
    ) throws(JSONError) -> Int {
        var i = start + 1
        var escaped = false
        while true {
            i = skipPlain(p, n, i)
            guard i < n else { throw JSONError.unexpectedEnd.at(i) }
            let b = p[i]
            if b == quote { break }
            if b == backslash {
                escaped = true
                i = try scanEscape(p, n, i)
            } else if b < 0x20 {
                // RFC 8259 §7: U+0000 through U+001F MUST be escaped.
                throw JSONError.invalidString.at(i)
            } else {
                i = try scanUTF8(p, n, i)
            }
        }
        tokens.append(Token(start: UInt32(start), end: UInt32(i + 1), span: 1, count: 0, kind: .string, flag: escaped))
        return i + 1
    }

    /// Skips printable ASCII other than `"` and `\`, eight bytes at a time where it can.
    @inline(__always)
    private static func skipPlain(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int {
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            // "has a zero byte" / "has a byte below 0x20" bit tricks; exact for "any byte".
            let q = v ^ (ones &* 0x22), b = v ^ (ones &* 0x5C)
            let special = ((q &- ones) & ~q) | ((b &- ones) & ~b) | ((v &- ones &* 0x20) & ~v) | v
            if special & highs != 0 { break }
            i += 8
        }
        while i < n {
            let c = p[i]
            if c == quote || c == backslash || c &- 0x20 >= 0x60 { break }
            i += 1
        }
        return i
    }

    /// RFC 8259 §7: the two-character escapes and `\uXXXX`; a UTF-16 high surrogate must be
    /// followed by an escaped low surrogate. Lone surrogates are rejected: they cannot become
    /// UTF-8 (RFC 3629 §3), and the normalizer must not re-emit text it cannot represent.
    private static func scanEscape(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) throws(JSONError) -> Int {
        guard i + 1 < n else { throw JSONError.unexpectedEnd.at(i) }
        switch p[i + 1] {
        case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            guard let unit = hex4(p, n, i + 2) else { throw JSONError.invalidEscape.at(i) }
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 7 < n, p[i + 6] == backslash, p[i + 7] == UInt8(ascii: "u"),
                      let low = hex4(p, n, i + 8), (0xDC00...0xDFFF).contains(low)
                else { throw JSONError.invalidEscape.at(i) }
                return i + 12
            case 0xDC00...0xDFFF:
                throw JSONError.invalidEscape.at(i)
            default:
                return i + 6
            }
        default:
            throw JSONError.invalidEscape.at(i)
        }
    }

    /// Four hex digits (either case) at `i`, or nil.
    @inline(__always)
    private static func hex4(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> UInt32? {
        guard i + 4 <= n else { return nil }
        var unit: UInt32 = 0
        for k in 0..<4 {
            guard let digit = hexValue(p[i + k]) else { return nil }
            unit = unit << 4 | digit
        }
        return unit
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// RFC 8259 §8.1 requires UTF-8; RFC 3629 §4's table rules out overlong forms,
    /// surrogates (ED A0-BF) and code points above U+10FFFF.
    private static func scanUTF8(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) throws(JSONError) -> Int {
        let lead = p[i]
        let length: Int, low: UInt8, high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        default: throw JSONError.invalidUTF8.at(i)
        }
        guard i + length <= n, p[i + 1] >= low, p[i + 1] <= high else { throw JSONError.invalidUTF8.at(i) }
        for k in 2..<length where p[i + k] & 0xC0 != 0x80 {
            throw JSONError.invalidUTF8.at(i)
        }
        return i + length
    }

    /// Writes the unescaped body `bytes[from..<to]` into `out` and returns the length written;
    /// nil if the body is not a well-formed escaped string (possible only when the caller
    /// passes bytes other than the indexed ones). The result is never longer than the body.
    static func unescape(
        _ bytes: UnsafeRawBufferPointer, from: Int, to: Int, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        guard from >= 0, from <= to, to <= bytes.count, out.count >= to - from else { return nil }
        var i = from, o = 0
        while i < to {
            let b = bytes[i]
            guard b == backslash else {
                out[o] = b
                o += 1
                i += 1
                continue
            }
            guard i + 1 < to else { return nil }
            let simple: UInt8?
            switch bytes[i + 1] {
            case quote, backslash, UInt8(ascii: "/"): simple = bytes[i + 1]
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"): simple = nil
            default: return nil
            }
            if let simple {
                out[o] = simple
                o += 1
                i += 2
                continue
            }
            guard var scalar = hex4(bytes, i + 2, to) else { return nil }
            i += 6
            if (0xD800...0xDBFF).contains(scalar) {
                // RFC 8259 §7: a character outside the BMP is a surrogate pair of escapes.
                guard i + 1 < to, bytes[i] == backslash, bytes[i + 1] == UInt8(ascii: "u"),
                      let lowUnit = hex4(bytes, i + 2, to), (0xDC00...0xDFFF).contains(lowUnit)
                else { return nil }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (lowUnit - 0xDC00)
                i += 6
            } else if (0xDC00...0xDFFF).contains(scalar) {
                return nil
            }
            o += encodeUTF8(scalar, into: out, at: o)
        }
        return o
    }

    private static func hex4(_ bytes: UnsafeRawBufferPointer, _ i: Int, _ end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var unit: UInt32 = 0
        for k in 0..<4 {
            guard let digit = hexValue(bytes[i + k]) else { return nil }
            unit = unit << 4 | digit
        }
        return unit
    }

    /// RFC 3629 §3 encoding; an escape takes 6 or 12 bytes, so the output always fits.
    private static func encodeUTF8(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            out[o] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[o] = UInt8(0xC0 | scalar >> 6)
            out[o + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[o] = UInt8(0xE0 | scalar >> 12)
            out[o + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[o] = UInt8(0xF0 | scalar >> 18)
            out[o + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[o + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
