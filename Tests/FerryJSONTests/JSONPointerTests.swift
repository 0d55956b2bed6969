import FerryJSON
import Testing

// RFC 6901 §5: the example document and every pointer listed with its value.
private let rfc6901Document = #"""
{
   "foo": ["bar", "baz"],
   "": 0,
   "a/b": 1,
   "c%d": 2,
   "e^f": 3,
   "g|h": 4,
   "i\\j": 5,
   "k\"l": 6,
   " ": 7,
   "m~n": 8
}
"""#

@Test("RFC 6901 §5 pointers find their values", arguments: [
    ("", "<whole>"), ("/foo", #"["bar", "baz"]"#), ("/foo/0", #""bar""#), ("/", "0"), ("/a~1b", "1"),
    ("/c%d", "2"), ("/e^f", "3"), ("/g|h", "4"), (#"/i\j"#, "5"), (#"/k"l"#, "6"), ("/ ", "7"), ("/m~0n", "8"),
])
func rfc6901Examples(pointer: String, expected: String) throws {
    try withIndex(rfc6901Document) { index, bytes in
        let ref = try #require(index.lookup(try JSONPointer(pointer), in: bytes))
        if expected == "<whole>" {
            #expect(ref == index.root)
        } else {
            #expect(rawText(index, ref, bytes) == expected)
        }
    }
}

@Test("RFC 6901 §3: malformed pointers are rejected", arguments: ["a/b", "foo", "/~2", "/~", "/a~", "#/foo"])
func malformedPointers(text: String) {
    #expect(throws: JSONError.invalidPointer) { try JSONPointer(text) }
}

@Test("RFC 6901 §4: pointers that name nothing return nil", arguments: [
    "/foo/01", "/foo/-", "/foo/2", "/foo/+1", "/foo/", "/foo/0/x", "/missing", "/a~1b/0", "/foo/99999999999999999999999",
])
func pointersThatNameNothing(text: String) throws {
    let pointer = try JSONPointer(text)
    try withIndex(rfc6901Document) { index, bytes in
        #expect(index.lookup(pointer, in: bytes) == nil)
    }
}

@Test func pointerTokensAreUnescapedOnceInOrder() throws {
    // RFC 6901 §4: "~01" is "~1" ("~0" → "~" after "~1" → "/"), not "/".
    #expect(try JSONPointer("/a~1b/~0c/0/~01").tokens == ["a/b", "~c", "0", "~1"])
    #expect(try JSONPointer("").tokens == [])
    #expect(try JSONPointer("/").tokens == [""])
    #expect(try JSONPointer("/a~1b/~0c/~01").description == "/a~1b/~0c/~01")
}

@Test func numericTokensMatchObjectKeysAndEscapedKeysMatch() throws {
    let pointers = try ["/01", "/-", "/a~1b/x/1"].map { try JSONPointer($0) }
    try withIndex(#"{"01":"zero-one","-":"dash","\u0061\/b":{"x":[10,20]}}"#) { index, bytes in
        let found = pointers.map { index.lookup($0, in: bytes).map { rawText(index, $0, bytes) } }
        #expect(found == [#""zero-one""#, #""dash""#, "20"])
    }
}

@Test func lookupRefusesOtherBytes() throws {
    let index = try Array("[1]".utf8).withUnsafeBytes { try JSONIndex($0) }
    let pointer = try JSONPointer("/0")
    Array("[1, 2]".utf8).withUnsafeBytes { other in
        #expect(index.lookup(pointer, in: other) == nil)
        #expect(index.string(index.root, in: other) == nil)
    }
}
