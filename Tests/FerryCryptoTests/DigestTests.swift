import FerryCrypto
import Testing

struct DigestVector: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let message: [UInt8]
    let hash: HashFunction
    let digest: String
}

// FIPS 180-2 Appendix B.1/B.2 (SHA-256 "abc" and the 448-bit message), Appendix C.1
// (SHA-512 "abc"); FIPS 180-2 Appendix A.1 (SHA-1 "abc").
let digestVectors: [DigestVector] = [
    DigestVector(testDescription: "FIPS 180-2 B.1 SHA-256 abc", message: Array("abc".utf8), hash: .sha256,
                 digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    DigestVector(testDescription: "FIPS 180-2 B.2 SHA-256 448-bit",
                 message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), hash: .sha256,
                 digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    DigestVector(testDescription: "FIPS 180-2 C.1 SHA-512 abc", message: Array("abc".utf8), hash: .sha512,
                 digest: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                     + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    DigestVector(testDescription: "FIPS 180-2 A.1 SHA-1 abc", message: Array("abc".utf8), hash: .sha1,
                 digest: "a9993e364706816aba3e25717850c26c9cd0d89d"),
    // The empty message, from the NIST examples (SHA-256 of "").
    DigestVector(testDescription: "SHA-256 empty", message: [], hash: .sha256,
                 digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
]

@Suite struct DigestTests {
    @Test(arguments: digestVectors)
    func digest(vector: DigestVector) {
        let output: [UInt8] = switch vector.hash {
        case .sha1: SHA1.hash(vector.message)
        case .sha256: SHA256.hash(vector.message)
        case .sha512: SHA512.hash(vector.message)
        }
        #expect(output.count == vector.hash.digestSize)
        #expect(hexString(output) == vector.digest)
    }

    @Test func sha256IntoBuffer() {
        var output = [UInt8](repeating: 0, count: 32)
        let message = Array("abc".utf8)
        let written = output.withUnsafeMutableBytes { out in
            message.withUnsafeBytes { SHA256.hash($0, into: out) }
        }
        #expect(written == 32)
        #expect(hexString(output) == digestVectors[0].digest)
    }
}
