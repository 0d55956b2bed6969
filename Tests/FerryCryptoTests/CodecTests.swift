import FerryCrypto
import Testing

struct CodecVector: Sendable, CustomTestStringConvertible {
    let plain: String
    let base64: String
    let base64url: String
    let base16: String
    var testDescription: String { "\"\(plain)\"" }
}

// RFC 4648 §10 test vectors (BASE64 and BASE16; base64url is the same text without padding,
// RFC 4648 §5 with §3.2's padding omitted).
let rfc4648Vectors: [CodecVector] = [
    CodecVector(plain: "", base64: "", base64url: "", base16: ""),
    CodecVector(plain: "f", base64: "Zg==", base64url: "Zg", base16: "66"),
    CodecVector(plain: "fo", base64: "Zm8=", base64url: "Zm8", base16: "666F"),
    CodecVector(plain: "foo", base64: "Zm9v", base64url: "Zm9v", base16: "666F6F"),
    CodecVector(plain: "foob", base64: "Zm9vYg==", base64url: "Zm9vYg", base16: "666F6F62"),
    CodecVector(plain: "fooba", base64: "Zm9vYmE=", base64url: "Zm9vYmE", base16: "666F6F6261"),
    CodecVector(plain: "foobar", base64: "Zm9vYmFy", base64url: "Zm9vYmFy", base16: "666F6F626172"),
]

@Suite struct CodecTests {
    @Test(arguments: rfc4648Vectors)
    func base64(vector: CodecVector) throws {
        let plain = Array(vector.plain.utf8)
        #expect(Base64.encode(plain) == vector.base64)
        #expect(try Base64.decode(vector.base64) == plain)
        var output = Array("prefix:".utf8)
        plain.withUnsafeBytes { Base64.encode($0, into: &output) }
        #expect(output == Array(("prefix:" + vector.base64).utf8))
    }

    @Test(arguments: rfc4648Vectors)
    func base64url(vector: CodecVector) throws {
        let plain = Array(vector.plain.utf8)
        #expect(Base64URL.encode(plain) == vector.base64url)
        #expect(try Base64URL.decode(vector.base64url) == plain)
        // Correct padding is accepted too.
        #expect(try Base64URL.decode(vector.base64) == plain)
    }

    @Test(arguments: rfc4648Vectors)
    func base16(vector: CodecVector) throws {
        let plain = Array(vector.plain.utf8)
        #expect(Hex.encode(plain) == vector.base16.lowercased())
        #expect(try Hex.decode(vector.base16) == plain)
        #expect(try Hex.decode(vector.base16.lowercased()) == plain)
        #expect(try Hex.decode(Array(vector.base16.utf8)) == plain)
    }

    @Test func alphabetsDiffer() throws {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(try Base64.decode("+/+/") == bytes)
        #expect(try Base64URL.decode("-_-_") == bytes)
    }

    @Test func roundTripsEveryLength() throws {
        for length in 0...70 {
            let data = SecureRandom.bytes(count: length)
            #expect(try Base64.decode(Base64.encode(data)) == data)
            #expect(try Base64URL.decode(Base64URL.encode(data)) == data)
            #expect(try Hex.decode(Hex.encode(data)) == data)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(try Base64.decode(Base64.encode(all)) == all)
        #expect(try Hex.decode(Hex.encode(all)) == all)
    }

    // RFC 4648 §3.2 (padding), §3.3 (non-alphabet characters, including whitespace, are
    // rejected), §3.5 (non-zero pad bits make an encoding non-canonical).
    @Test(arguments: [
        "Zg", "Zg=", "Zm8", "Z", "Z===", "====", "=", "Zg==Zg==", "Zm9v=", "Zm9v====",
        "Zh==", "Zm9=", "Zm 9v", " Zm9v", "Zm9v\n", "Zm9v\r\n", "Zm\t9v", "Zm8-", "Zm8_", "Zm9v*A==",
        "Zm9\u{00e9}", "Zm9vYg=A", "Zg=a",
    ])
    func base64Rejects(text: String) {
        #expect(throws: CryptoError.invalidBase64) { try Base64.decode(text) }
    }

    @Test(arguments: [
        "Z", "Zg=", "Zm9vY", "Zh", "Zm9", "Zh==", "Zm+v", "Zm/v", "Zm 9v", "Zm9v\n", "Zg==Zg",
        "Zm9v=", "Zm8==", "====",
    ])
    func base64urlRejects(text: String) {
        #expect(throws: CryptoError.invalidBase64) { try Base64URL.decode(text) }
    }

    @Test(arguments: ["a", "abc", "zz", "0g", " 00", "00 ", "+0", "0x00", "\u{00e9}0", "00\n", "６６"])
    func hexRejects(text: String) {
        #expect(throws: CryptoError.invalidHex) { try Hex.decode(text) }
    }
}
