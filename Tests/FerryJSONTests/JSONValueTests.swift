import FerryJSON
import Testing

@Test("strings unescape per RFC 8259 §7", arguments: [
    (#""plain""#, "plain"),
    (#""""#, ""),
    (#""a\"b\\c\/d""#, "a\"b\\c/d"),
    (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
    (#""\u0041\u00e9\u20AC""#, "A\u{E9}\u{20AC}"),
    (#""\u0000""#, "\u{0}"),
    (#""\ud83d\ude00 smile""#, "\u{1F600} smile"),
    (#""\uD834\uDD1E""#, "\u{1D11E}"),
    ("\"caf\u{E9} \u{1F600}\"", "caf\u{E9} \u{1F600}"),
])
func stringsUnescape(json: String, expected: String) throws {
    try withIndex(json) { index, bytes in
        #expect(index.string(index.root, in: bytes) == expected)
        #expect(index.kind(of: index.root) == .string)
        var expected = expected
        expected.withUTF8 { #expect(index.string(index.root, equals: $0, in: bytes)) }
    }
}

@Test("int64 reads integers within range", arguments: [
    ("0", Int64(0)), ("-0", 0), ("42", 42), ("-42", -42),
    ("9223372036854775807", .max), ("-9223372036854775808", .min),
])
func int64InRange(json: String, expected: Int64) throws {
    try withIndex(json) { index, bytes in
        #expect(index.int64(index.root, in: bytes) == expected)
        #expect(index.kind(of: index.root) == .number)
    }
}

@Test("int64 is nil out of range, for fractions and exponents, and for other kinds", arguments: [
    "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1.0", "1e2", "\"1\"", "true", "null",
])
func int64Nil(json: String) throws {
    try withIndex(json) { index, bytes in
        #expect(index.int64(index.root, in: bytes) == nil)
    }
}

@Test("double reads binary64 and is nil on overflow", arguments: [
    ("0", Optional(0.0)), ("-1.5", -1.5), ("1e2", 100), ("2.5E-3", 0.0025), ("12345678901234567", 12345678901234568),
    ("1e400", nil), ("-1e400", nil), ("1e-400", 0), ("\"1\"", nil),
])
func doubles(json: String, expected: Double?) throws {
    try withIndex(json) { index, bytes in
        #expect(index.double(index.root, in: bytes) == expected)
    }
}

@Test func boolsAndNull() throws {
    try withIndex("[true,false,null]") { index, bytes in
        let values = Array(index.elements(of: index.root))
        #expect(values.map { index.bool($0, in: bytes) } == [true, false, nil])
        #expect(values.map { index.kind(of: $0) } == [.bool, .bool, .null])
        #expect(index.string(values[0], in: bytes) == nil)
        #expect(Array(index.members(of: index.root)).isEmpty)
        #expect(Array(index.elements(of: values[0])).isEmpty)
    }
}
