import FerryJSON
import Testing

/// A text the index must reject, the rule it breaks, and the error expected.
struct InvalidText: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let bytes: [UInt8]
    let error: JSONError

    init(_ rule: String, _ text: String, _ error: JSONError) {
        self.init(rule, Array(text.utf8), error)
    }

    init(_ rule: String, _ bytes: [UInt8], _ error: JSONError) {
        testDescription = rule
        self.bytes = bytes
        self.error = error
    }
}

private let q = UInt8(ascii: "\"")

let invalidTexts: [InvalidText] = [
    InvalidText("RFC 8259 §2: a JSON text is one value, not nothing", "", .unexpectedEnd),
    InvalidText("RFC 8259 §2: whitespace alone is not a value", " \n\t", .unexpectedEnd),
    InvalidText("RFC 8259 §2: one top-level value only", "1 2", .trailingData),
    InvalidText("RFC 8259 §2: one top-level value only (objects)", "{}{}", .trailingData),
    InvalidText("RFC 8259 §2: only space, tab, LF, CR are whitespace", "[1,\u{0B}2]", .invalidToken),
    InvalidText("RFC 8259 §3: literals are lowercase", "True", .invalidToken),
    InvalidText("RFC 8259 §3: truncated literal", "nul", .invalidToken),
    InvalidText("RFC 8259 §3: literal followed by letters", "nulls", .trailingData),
    InvalidText("RFC 8259 §4: trailing comma in an object", #"{"a":1,}"#, .invalidToken),
    InvalidText("RFC 8259 §4: names are strings", "{a:1}", .invalidToken),
    InvalidText("RFC 8259 §4: single quotes are not strings", "{'a':1}", .invalidToken),
    InvalidText("RFC 8259 §4: a member needs a name separator", #"{"a" 1}"#, .invalidToken),
    InvalidText("RFC 8259 §4: a member needs a value", #"{"a":}"#, .invalidToken),
    InvalidText("RFC 8259 §4: unclosed object", #"{"a":1"#, .unexpectedEnd),
    InvalidText("RFC 8259 §5: trailing comma in an array", "[1,2,]", .invalidToken),
    InvalidText("RFC 8259 §5: leading comma in an array", "[,1]", .invalidToken),
    InvalidText("RFC 8259 §5: mismatched brackets", "[1}", .invalidToken),
    InvalidText("RFC 8259 §5: unclosed array", "[1,", .unexpectedEnd),
    InvalidText("RFC 8259 §6: no leading zeros", "01", .invalidNumber),
    InvalidText("RFC 8259 §6: no leading zeros after minus", "[-01]", .invalidNumber),
    InvalidText("RFC 8259 §6: minus needs digits", "-", .invalidNumber),
    InvalidText("RFC 8259 §6: fraction needs digits", "1.", .invalidNumber),
    InvalidText("RFC 8259 §6: int part is required", ".5", .invalidToken),
    InvalidText("RFC 8259 §6: exponent needs digits", "1e", .invalidNumber),
    InvalidText("RFC 8259 §6: signed exponent needs digits", "1e+", .invalidNumber),
    InvalidText("RFC 8259 §6: no plus sign", "+1", .invalidToken),
    InvalidText("RFC 8259 §6: NaN is not permitted", "NaN", .invalidToken),
    InvalidText("RFC 8259 §6: Infinity is not permitted", "[-Infinity]", .invalidNumber),
    InvalidText("RFC 8259 §6: no hex numbers", "0x1F", .trailingData),
    InvalidText("RFC 8259 §7: unterminated string", "\"abc", .unexpectedEnd),
    InvalidText("RFC 8259 §7: control characters must be escaped", [q, 0x61, 0x0A, q], .invalidString),
    InvalidText("RFC 8259 §7: NUL must be escaped", [q, 0x00, q], .invalidString),
    InvalidText("RFC 8259 §7: no \\x escape", #""\x41""#, .invalidEscape),
    InvalidText("RFC 8259 §7: no \\' escape", #""\'""#, .invalidEscape),
    InvalidText("RFC 8259 §7: \\u needs four hex digits", #""\u12G4""#, .invalidEscape),
    InvalidText("RFC 8259 §7: \\u truncated by the quote", #""\u12""#, .invalidEscape),
    InvalidText("RFC 8259 §8.2: lone high surrogate is rejected", #""\ud800""#, .invalidEscape),
    InvalidText("RFC 8259 §8.2: high surrogate then a non-surrogate", #""\ud800\u0041""#, .invalidEscape),
    InvalidText("RFC 8259 §8.2: lone low surrogate is rejected", #""\udc00""#, .invalidEscape),
    InvalidText("RFC 8259 §8.1: stray continuation byte", [q, 0x80, q], .invalidUTF8),
    InvalidText("RFC 3629 §3: overlong two-byte form of '/'", [q, 0xC0, 0xAF, q], .invalidUTF8),
    InvalidText("RFC 3629 §3: overlong three-byte form", [q, 0xE0, 0x80, 0xAF, q], .invalidUTF8),
    InvalidText("RFC 3629 §3: truncated three-byte sequence", [q, 0xE2, 0x82, q], .invalidUTF8),
    InvalidText("RFC 3629 §3: truncated at end of input", [q, 0xF0, 0x9F], .invalidUTF8),
    InvalidText("RFC 3629 §3: UTF-8 encoded surrogate", [q, 0xED, 0xA0, 0x80, q], .invalidUTF8),
    InvalidText("RFC 3629 §3: above U+10FFFF", [q, 0xF4, 0x90, 0x80, 0x80, q], .invalidUTF8),
    InvalidText("RFC 3629 §3: 0xFF never appears", [q, 0xFF, q], .invalidUTF8),
    InvalidText("RFC 8259 §2: raw UTF-8 outside a string", [0xC3, 0xA9], .invalidToken),
    InvalidText("RFC 8259 §8.1: a BOM is rejected, not ignored", [0xEF, 0xBB, 0xBF] + Array("{}".utf8), .invalidToken),
    InvalidText("RFC 8259 §2: no line comments", "[1] // c", .trailingData),
    InvalidText("RFC 8259 §2: no block comments", "[/* c */ 1]", .invalidToken),
    InvalidText("maxDepth: 65 nested arrays", String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
                .tooDeep),
]

@Test("invalid texts are rejected with the rule's error", arguments: invalidTexts)
func invalidTextsAreRejected(_ case: InvalidText) {
    #expect(indexError(`case`.bytes) == `case`.error)
}

@Test func errorDescriptionsCarryAnOffsetButNoInput() {
    let secret = Array(#"{"ssn":"123-45-6789",}"#.utf8)
    let error = indexError(secret)
    #expect(error == .invalidToken)
    #expect(error?.offset == 21)
    let description = error.map(String.init(describing:)) ?? ""
    #expect(description == "invalid JSON token at byte 21")
    #expect(!description.contains("123"))
}

@Test func deepNestingThrowsInsteadOfOverflowingTheStack() {
    let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
    #expect(indexError(deep) == .tooDeep)
    #expect(indexError(deep, maxDepth: .max) == .unexpectedEnd)
}
