// Scalar readers: each materializes one value on demand from the caller's bytes.

extension JSONIndex {
    /// The unescaped text of a string value (or object key); nil for other kinds.
    public func string(_ ref: JSONValueRef, in bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count == byteCount else { return nil }
        let token = tokens[ref.token]
        guard token.kind == .string else { return nil }
        let from = Int(token.start) + 1, to = Int(token.end) - 1
        guard token.flag else {
            // No escapes: the body is already validated UTF-8, a plain copy.
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        }
        var failed = false
        let text = String(unsafeUninitializedCapacity: to - from) { out in
            guard let written = JSONIndex.unescape(bytes, from: from, to: to, into: out) else {
                failed = true
                return 0
            }
            return written
        }
        return failed ? nil : text
    }

    /// True if the string value `ref` unescapes to exactly `utf8`; no String is built.
    public func string(_ ref: JSONValueRef, equals utf8: UnsafeBufferPointer<UInt8>,
                       in bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == byteCount, tokens[ref.token].kind == .string else { return false }
        return keyEquals(ref.token, utf8, in: bytes)
    }

    /// An integer written without fraction or exponent (RFC 8259 §6) that fits in Int64;
    /// nil for `1.0`, `1e2`, out-of-range integers, and other kinds.
    public func int64(_ ref: JSONValueRef, in bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count == byteCount else { return nil }
        let token = tokens[ref.token]
        guard token.kind == .number, !token.flag else { return nil }
        var i = Int(token.start)
        let end = Int(token.end)
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // Accumulate downwards so Int64.min, whose magnitude has no positive Int64, fits.
        var value: Int64 = 0
        while i < end {
            let digit = Int64(bytes[i] &- UInt8(ascii: "0"))
            guard digit < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// A number as the nearest Double; nil when it overflows to infinity, or for other kinds.
    /// RFC 8259 §6 lets an implementation limit range and precision: this is IEEE 754 binary64.
    public func double(_ ref: JSONValueRef, in bytes: UnsafeRawBufferPointer) -> Double? {
        guard bytes.count == byteCount else { return nil }
        let token = tokens[ref.token]
        guard token.kind == .number else { return nil }
        // Integers of at most 15 digits convert exactly without parsing text.
        if !token.flag, token.end - token.start <= 15, let integer = int64(ref, in: bytes) {
            return Double(integer)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)]),
                          as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The value of `true` or `false`; nil for other kinds.
    public func bool(_ ref: JSONValueRef, in bytes: UnsafeRawBufferPointer) -> Bool? {
        guard bytes.count == byteCount else { return nil }
        let token = tokens[ref.token]
        return token.kind == .bool ? token.flag : nil
    }
}
