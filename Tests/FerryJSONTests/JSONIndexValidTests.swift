import FerryJSON
import Testing

// RFC 8259 §13: the two example texts, and the §13 small texts that are only a scalar.
private let rfcImage = """
{
  "Image": {
    "Width":  800,
    "Height": 600,
    "Title":  "View from 15th Floor",
    "Thumbnail": {
      "Url":    "http://www.example.com/image/481989943",
      "Height": 125,
      "Width":  100
    },
    "Animated" : false,
    "IDs": [116, 943, 234, 38793]
  }
}
"""

private let rfcCities = """
[
  {
     "precision": "zip",
     "Latitude":  37.7668,
     "Longitude": -122.3959,
     "Address":   "",
     "City":      "SAN FRANCISCO",
     "State":     "CA",
     "Zip":       "94107",
     "Country":   "US"
  },
  {
     "precision": "zip",
     "Latitude":  37.371991,
     "Longitude": -122.026020,
     "Address":   "",
     "City":      "SUNNYVALE",
     "State":     "CA",
     "Zip":       "94085",
     "Country":   "US"
  }
]
"""

@Test("RFC 8259 §13 and other valid texts index", arguments: [
    rfcImage, rfcCities, "\"Hello world!\"", "42", "true", " null ", "false",
    "{}", "[]", " [ ] ", "{\"\":\"\"}", "[[[[]]]]", "-0", "0.5e-10", "1E+2", "-1.25E3",
    "\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"caf\u{e9} \u{1F600}\"",
    "{\"a\":1,\"a\":2}", "\t\r\n[1 ,2\n]\r\n",
])
func validTextsIndex(text: String) throws {
    try withIndex(text) { index, _ in
        _ = index.kind(of: index.root)
    }
}

@Test func imageExampleHasTheRightShape() throws {
    try withIndex(rfcImage) { index, bytes in
        let image = try #require(index.member("Image", of: index.root, in: bytes))
        #expect(index.kind(of: image) == .object)
        #expect(index.count(of: image) == 6)
        let keys = index.members(of: image).map { index.string($0.key, in: bytes) }
        #expect(keys == ["Width", "Height", "Title", "Thumbnail", "Animated", "IDs"])
        let ids = try #require(index.member("IDs", of: image, in: bytes))
        #expect(index.elements(of: ids).map { index.int64($0, in: bytes) } == [116, 943, 234, 38793])
        #expect(index.member("Animated", of: image, in: bytes).flatMap { index.bool($0, in: bytes) } == false)
        let thumbnail = try #require(index.member("Thumbnail", of: image, in: bytes))
        #expect(rawText(index, thumbnail, bytes).hasPrefix("{") && rawText(index, thumbnail, bytes).hasSuffix("}"))
        #expect(index.range(of: index.root) == 0..<bytes.count)
    }
}

@Test func citiesExampleReadsNumbers() throws {
    try withIndex(rfcCities) { index, bytes in
        #expect(index.count(of: index.root) == 2)
        let second = try #require(index.element(1, of: index.root))
        let longitude = try #require(index.member("Longitude", of: second, in: bytes))
        #expect(index.double(longitude, in: bytes) == -122.026020)
        #expect(index.int64(longitude, in: bytes) == nil)
        #expect(index.element(2, of: index.root) == nil)
    }
}

@Test func rangesCoverExactlyTheValue() throws {
    try withIndex(#" { "s" : "a\"b" , "n" : -12.5e3 , "l" : [ true , null ] } "#) { index, bytes in
        let texts = index.members(of: index.root).map { (rawText(index, $0.key, bytes), rawText(index, $0.value, bytes)) }
        #expect(texts.map(\.0) == [#""s""#, #""n""#, #""l""#])
        #expect(texts.map(\.1) == [#""a\"b""#, "-12.5e3", "[ true , null ]"])
        #expect(rawText(index, index.root, bytes).first == "{")
    }
}

@Test func duplicateKeysAreAcceptedAndTheFirstWins() throws {
    try withIndex(#"{"a":1,"b":{"c":2},"a":3}"#) { index, bytes in
        let a = try #require(index.member("a", of: index.root, in: bytes))
        #expect(index.int64(a, in: bytes) == 1)
        #expect(index.count(of: index.root) == 3)
    }
}

@Test func nestingUpToMaxDepthIsAccepted() throws {
    let text = Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)
    #expect(indexError(text) == nil)
    #expect(indexError(text, maxDepth: 63) == .tooDeep)
}
