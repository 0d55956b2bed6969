import FerryCrypto
import Testing

struct HMACVector: Sendable, CustomTestStringConvertible {
    let name: String
    let key: [UInt8]
    let data: [UInt8]
    let sha256: String
    let sha512: String
    var testDescription: String { name }

    init(_ name: String, key: String, data: String, sha256: String, sha512: String) {
        self.name = name
        self.key = bytes(hex: key)
        self.data = bytes(hex: data)
        self.sha256 = sha256
        self.sha512 = sha512
    }
}

// RFC 4231 §4.2–§4.8 (HMAC-SHA-256 and HMAC-SHA-512). Test Case 5's outputs are truncated to
// 128 bits as in the RFC; the comparison below checks that prefix.
let rfc4231Vectors: [HMACVector] = [
    HMACVector("RFC 4231 §4.2 Test Case 1", key: "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", data: "4869205468657265",
               sha256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
               sha512: "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                   + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
    HMACVector("RFC 4231 §4.3 Test Case 2", key: "4a656665",
               data: "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
               sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
               sha512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                   + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
    HMACVector("RFC 4231 §4.4 Test Case 3", key: String(repeating: "aa", count: 20),
               data: String(repeating: "dd", count: 50),
               sha256: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
               sha512: "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                   + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
    HMACVector("RFC 4231 §4.5 Test Case 4", key: "0102030405060708090a0b0c0d0e0f10111213141516171819",
               data: String(repeating: "cd", count: 50),
               sha256: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
               sha512: "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                   + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
    HMACVector("RFC 4231 §4.6 Test Case 5 (truncated to 128 bits)", key: String(repeating: "0c", count: 20),
               data: "546573742057697468205472756e636174696f6e",
               sha256: "a3b6167473100ee06e0c796c2955552b",
               sha512: "415fad6271580a531d4179bc891d87a6"),
    HMACVector("RFC 4231 §4.7 Test Case 6", key: String(repeating: "aa", count: 131),
               data: "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65"
                   + "204b6579202d2048617368204b6579204669727374",
               sha256: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
               sha512: "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                   + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
    HMACVector("RFC 4231 §4.8 Test Case 7", key: String(repeating: "aa", count: 131),
               data: "5468697320697320612074657374207573696e672061206c6172676572207468616e"
                   + "20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20"
                   + "626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20"
                   + "626520686173686564206265666f7265206265696e6720757365642062792074686520"
                   + "484d414320616c676f726974686d2e",
               sha256: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
               sha512: "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                   + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
]

struct HMACSHA1Vector: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let key: [UInt8]
    let data: [UInt8]
    let digest: String
}

// RFC 2202 §3 (HMAC-SHA-1), test cases 1–7. Case 5's digest is the full 160-bit value the RFC
// lists before its 96-bit truncation.
let rfc2202Vectors: [HMACSHA1Vector] = [
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 1", key: [UInt8](repeating: 0x0b, count: 20),
                   data: Array("Hi There".utf8), digest: "b617318655057264e28bc0b6fb378c8ef146be00"),
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 2", key: Array("Jefe".utf8),
                   data: Array("what do ya want for nothing?".utf8), digest: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 3", key: [UInt8](repeating: 0xaa, count: 20),
                   data: [UInt8](repeating: 0xdd, count: 50), digest: "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 4", key: Array(1...25),
                   data: [UInt8](repeating: 0xcd, count: 50), digest: "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 5", key: [UInt8](repeating: 0x0c, count: 20),
                   data: Array("Test With Truncation".utf8), digest: "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 6", key: [UInt8](repeating: 0xaa, count: 80),
                   data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                   digest: "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
    HMACSHA1Vector(testDescription: "RFC 2202 §3 case 7", key: [UInt8](repeating: 0xaa, count: 80),
                   data: Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
                   digest: "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
]

@Suite struct HMACTests {
    @Test(arguments: rfc4231Vectors)
    func hmacSHA256(vector: HMACVector) throws {
        let key = try HMACKey(key: vector.key, hash: .sha256)
        let mac = key.authenticationCode(for: vector.data)
        #expect(mac.count == 32)
        #expect(hexString(mac).hasPrefix(vector.sha256))
        // The same key object must give the same answer again (re-init keeps the key).
        #expect(key.authenticationCode(for: vector.data) == mac)
    }

    @Test(arguments: rfc4231Vectors)
    func hmacSHA512(vector: HMACVector) throws {
        let key = try HMACKey(key: vector.key, hash: .sha512)
        let mac = key.authenticationCode(for: vector.data)
        #expect(mac.count == 64)
        #expect(hexString(mac).hasPrefix(vector.sha512))
        #expect(hexString(HMAC.authenticationCode(for: vector.data, key: vector.key, hash: .sha512))
            .hasPrefix(vector.sha512))
    }

    @Test(arguments: rfc2202Vectors)
    func hmacSHA1(vector: HMACSHA1Vector) throws {
        let key = try HMACKey(key: vector.key, hash: .sha1)
        #expect(hexString(key.authenticationCode(for: vector.data)) == vector.digest)
    }

    @Test func reusedKeyGivesIndependentTagsPerMessage() throws {
        let vectors = rfc4231Vectors.filter { $0.key == rfc4231Vectors[5].key }
        let key = try HMACKey(key: rfc4231Vectors[5].key, hash: .sha256)
        for _ in 0..<3 {
            for vector in vectors {
                #expect(hexString(key.authenticationCode(for: vector.data)) == vector.sha256)
            }
        }
    }

    @Test func partsEqualTheConcatenation() throws {
        let key = try HMACKey(key: Array("whsec-test-key".utf8), hash: .sha256)
        let id = Array("msg_2Lh9".utf8), timestamp = Array("1700000000".utf8), body = Array(#"{"a":1}"#.utf8)
        let dot: [UInt8] = [0x2e]
        let whole = key.authenticationCode(for: id + dot + timestamp + dot + body)
        let parts = id.withUnsafeBytes { i in
            timestamp.withUnsafeBytes { t in
                body.withUnsafeBytes { b in
                    dot.withUnsafeBytes { d in key.authenticationCode(parts: [i, d, t, d, b]) }
                }
            }
        }
        #expect(parts == whole)
        key.begin()
        for part in [id, dot, timestamp, dot, body] {
            key.update(part)
        }
        #expect(key.finish() == whole)
    }

    @Test func writesIntoCallerBuffer() throws {
        let vector = rfc4231Vectors[1]
        let key = try HMACKey(key: vector.key, hash: .sha256)
        var output = [UInt8](repeating: 0xEE, count: 40)
        let written = output.withUnsafeMutableBytes { out in
            vector.data.withUnsafeBytes { key.authenticationCode(for: $0, into: out) }
        }
        #expect(written == 32)
        #expect(hexString(Array(output[..<32])) == vector.sha256)
        #expect(output[32...].allSatisfy { $0 == 0xEE })
    }

    @Test func validatesInConstantTimeAndRejectsAlterations() throws {
        let vector = rfc4231Vectors[1]
        let key = try HMACKey(key: Secret(bytes: vector.key), hash: .sha256)
        let mac = bytes(hex: vector.sha256)
        #expect(key.isValidAuthenticationCode(mac, for: vector.data))
        #expect(!key.isValidAuthenticationCode(flipped(mac, at: 31), for: vector.data))
        #expect(!key.isValidAuthenticationCode(Array(mac.dropLast()), for: vector.data))
        #expect(!key.isValidAuthenticationCode(mac, for: flipped(vector.data, at: 0)))
        #expect(!key.isValidAuthenticationCode([], for: vector.data))
        #expect(HMAC.isValidAuthenticationCode(mac, for: vector.data, key: vector.key, hash: .sha256))
    }

    @Test func emptyKeyAndEmptyMessage() throws {
        // HMAC-SHA256("", ""), computed with Python's hmac module (a second implementation).
        let key = try HMACKey(key: [], hash: .sha256)
        #expect(hexString(key.authenticationCode(for: [])) ==
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        #expect(hexString(key.authenticationCode(for: [])) ==
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func digestSizes() {
        #expect(HashFunction.sha1.digestSize == 20)
        #expect(HashFunction.sha256.digestSize == 32)
        #expect(HashFunction.sha512.digestSize == 64)
    }
}
