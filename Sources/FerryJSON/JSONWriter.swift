/// Appends JSON text to a byte buffer (no intermediate String): the normalizer writes the outbound event with it.
///
/// Commas are placed automatically: inside a container a value or key needs one unless the
/// previous byte opened the container or was a name separator. The caller keeps the
/// structure well-formed (a key before each object value, balanced begin/end calls).
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public var bytes: [UInt8]
    /// Open objects and arrays; at depth 0 no comma is ever written.
    private var depth = 0

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        depth -= 1
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        depth += 1
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        depth -= 1
    }

    /// Writes an object member name and the name separator; the value follows.
    public mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a member name whose body is already escaped JSON (copied from a validated index).
    public mutating func key(escapedContent: UnsafeRawBufferPointer) {
        stringRaw(escapedContent: escapedContent)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a string, escaping per RFC 8259 §7; other UTF-8 is copied as is.
    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func number(_ value: Int64) {
        separate()
        // Digits are produced backwards from the magnitude; UInt64 holds |Int64.min|.
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            return buffer.count - end
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &digits) { bytes.append(contentsOf: $0[($0.count - count)...]) }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        appendLiteral(value ? "true" : "false")
    }

    public mutating func null() {
        separate()
        appendLiteral("null")
    }

    /// Inserts one already-validated JSON value verbatim, e.g. `bytes[index.range(of: ref)]`.
    public mutating func raw(_ json: UnsafeRawBufferPointer) {
        separate()
        bytes.append(contentsOf: json)
    }

    /// Writes a string whose body is already escaped JSON, adding only the quotes.
    public mutating func stringRaw(escapedContent: UnsafeRawBufferPointer) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: escapedContent)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// RFC 8259 §4-§5: values and members are separated by commas.
    private mutating func separate() {
        guard depth > 0, let last = bytes.last else { return }
        if last != UInt8(ascii: "{") && last != UInt8(ascii: "[") && last != UInt8(ascii: ":") {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Copies runs of safe bytes in one call and escapes the rest.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            let needsEscape: Bool
            var length = 1
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 {
                needsEscape = true
            } else if c == 0xE2 && i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] | 1) == 0xA9 {
                // U+2028 and U+2029 are valid JSON but end lines in JavaScript; escape them
                // so the output is safe to embed anywhere.
                needsEscape = true
                length = 3
            } else {
                needsEscape = false
            }
            guard needsEscape else {
                i += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            appendEscape(length == 3 ? (utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029) : UInt32(c))
            i += length
            runStart = i
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }

    /// RFC 8259 §7: the two-character forms where they exist, else `\u` and four hex digits.
    private mutating func appendEscape(_ unit: UInt32) {
        let short: UInt8?
        switch unit {
        case 0x22: short = UInt8(ascii: "\"")
        case 0x5C: short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        default: short = nil
        }
        bytes.append(UInt8(ascii: "\\"))
        if let short {
            bytes.append(short)
            return
        }
        let hex: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(hex.utf8Start[Int(unit >> UInt32(shift) & 0xF)])
        }
    }
}
