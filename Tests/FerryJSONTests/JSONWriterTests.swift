import FerryJSON
import Testing

@Test func writerOutputIsByteExact() {
    var writer = JSONWriter(capacity: 128)
    writer.beginObject()
    writer.key("id")
    writer.string("evt_1")
    writer.key("n")
    writer.number(-42)
    writer.key("list")
    writer.beginArray()
    writer.number(0)
    writer.bool(true)
    writer.bool(false)
    writer.null()
    writer.beginObject()
    writer.endObject()
    writer.beginArray()
    writer.endArray()
    writer.endArray()
    writer.key("min")
    writer.number(.min)
    writer.endObject()
    let expected = #"{"id":"evt_1","n":-42,"list":[0,true,false,null,{},[]],"min":-9223372036854775808}"#
    #expect(writer.bytes == Array(expected.utf8))
}

@Test("strings are escaped per RFC 8259 §7", arguments: [
    ("plain", #""plain""#),
    ("q\"b\\s/", #""q\"b\\s/""#),
    ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
    ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
    ("\u{7F}caf\u{E9}\u{1F600}", "\"\u{7F}caf\u{E9}\u{1F600}\""),
    ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
])
func writerEscapes(value: String, expected: String) throws {
    var writer = JSONWriter()
    writer.string(value)
    #expect(writer.bytes == Array(expected.utf8))
    // Round trip: the index accepts the output and unescapes it back.
    try withIndex(writer.bytes) { index, bytes in
        #expect(index.string(index.root, in: bytes) == value)
    }
}

@Test("numbers round-trip", arguments: [Int64.min, -1, 0, 7, 10, 1_000_000, .max])
func writerNumbers(value: Int64) throws {
    var writer = JSONWriter()
    writer.number(value)
    #expect(writer.bytes == Array(String(value).utf8))
    try withIndex(writer.bytes) { index, bytes in
        #expect(index.int64(index.root, in: bytes) == value)
    }
}

@Test func rawCopiesNestedValuesFromTheInput() throws {
    let input = #"{"data":{"object":{"id":"pi_1","amount":[1,{"x":"\u00e9"}]}},"type":"payment"}"#
    try withIndex(input) { index, bytes in
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type")
        let type = try #require(index.lookup(try JSONPointer("/type"), in: bytes))
        let typeRange = index.range(of: type)
        writer.stringRaw(escapedContent: UnsafeRawBufferPointer(rebasing: bytes[(typeRange.lowerBound + 1)..<(typeRange.upperBound - 1)]))
        writer.key("object")
        let object = try #require(index.lookup(try JSONPointer("/data/object"), in: bytes))
        writer.raw(UnsafeRawBufferPointer(rebasing: bytes[index.range(of: object)]))
        writer.key("items")
        writer.beginArray()
        for element in index.elements(of: try #require(index.lookup(try JSONPointer("/data/object/amount"), in: bytes))) {
            writer.raw(UnsafeRawBufferPointer(rebasing: bytes[index.range(of: element)]))
        }
        writer.endArray()
        for member in index.members(of: object) where index.kind(of: member.value) == .string {
            let keyRange = index.range(of: member.key)
            writer.key(escapedContent: UnsafeRawBufferPointer(rebasing: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)]))
            writer.raw(UnsafeRawBufferPointer(rebasing: bytes[index.range(of: member.value)]))
        }
        writer.endObject()
        let expected = #"{"type":"payment","object":{"id":"pi_1","amount":[1,{"x":"\u00e9"}]},"items":[1,{"x":"\u00e9"}],"id":"pi_1"}"#
        #expect(writer.bytes == Array(expected.utf8))
        try withIndex(writer.bytes) { out, outBytes in
            let x = try #require(out.lookup(try JSONPointer("/items/1/x"), in: outBytes))
            #expect(out.string(x, in: outBytes) == "\u{E9}")
        }
    }
}
