import FerryCrypto
import Testing

struct Ed25519Vector: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let seed: [UInt8]
    let publicKey: [UInt8]
    let message: [UInt8]
    let signature: [UInt8]

    init(_ name: String, seed: String, publicKey: String, message: String, signature: String) {
        testDescription = name
        self.seed = bytes(hex: seed)
        self.publicKey = bytes(hex: publicKey)
        self.message = bytes(hex: message)
        self.signature = bytes(hex: signature)
    }
}

// RFC 8032 §7.1, Ed25519 TEST 1, TEST 2, TEST 3 and TEST SHA(abc) (message = SHA-512("abc")).
let rfc8032Vectors: [Ed25519Vector] = [
    Ed25519Vector("RFC 8032 §7.1 TEST 1",
                  seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                  publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                  message: "",
                  signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                      + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    Ed25519Vector("RFC 8032 §7.1 TEST 2",
                  seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                  publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                  message: "72",
                  signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                      + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    Ed25519Vector("RFC 8032 §7.1 TEST 3",
                  seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                  publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                  message: "af82",
                  signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                      + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    Ed25519Vector("RFC 8032 §7.1 TEST SHA(abc)",
                  seed: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                  publicKey: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                  message: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                      + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                  signature: "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                      + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]

@Suite struct Ed25519Tests {
    @Test(arguments: rfc8032Vectors)
    func signsDeterministically(vector: Ed25519Vector) throws {
        let key = try Ed25519PrivateKey(seed: vector.seed)
        #expect(key.publicKey.rawRepresentation == vector.publicKey)
        #expect(try key.signature(for: vector.message) == vector.signature)
    }

    @Test(arguments: rfc8032Vectors)
    func verifies(vector: Ed25519Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: vector.publicKey)
        #expect(key.isValidSignature(vector.signature, for: vector.message))
    }

    @Test(arguments: rfc8032Vectors)
    func rejectsTampering(vector: Ed25519Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: vector.publicKey)
        #expect(!key.isValidSignature(flipped(vector.signature, at: 0), for: vector.message))
        #expect(!key.isValidSignature(flipped(vector.signature, at: 63), for: vector.message))
        #expect(!key.isValidSignature(vector.signature, for: vector.message + [0x00]))
        if !vector.message.isEmpty {
            #expect(!key.isValidSignature(vector.signature, for: flipped(vector.message, at: 0)))
        }
        #expect(!key.isValidSignature(Array(vector.signature.dropLast()), for: vector.message))
        #expect(!key.isValidSignature([], for: vector.message))
    }

    @Test func rejectsOtherKeysSignatures() throws {
        let key = try Ed25519PublicKey(rawRepresentation: rfc8032Vectors[1].publicKey)
        #expect(!key.isValidSignature(rfc8032Vectors[2].signature, for: rfc8032Vectors[2].message))
    }

    @Test func rejectsWrongKeySizes() {
        #expect(throws: CryptoError.invalidKey) { try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoError.invalidKey) { try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 33)) }
        #expect(throws: CryptoError.invalidKey) { try Ed25519PrivateKey(seed: []) }
    }

    @Test func generatedKeysSignAndVerify() throws {
        let a = Ed25519PrivateKey.generate(), b = Ed25519PrivateKey.generate()
        #expect(a.publicKey.rawRepresentation != b.publicKey.rawRepresentation)
        let message = Array("id.1700000000.body".utf8)
        let signature = try a.signature(for: message)
        #expect(a.publicKey.isValidSignature(signature, for: message))
        #expect(!b.publicKey.isValidSignature(signature, for: message))
        #expect(!String(describing: a).contains(hexString(a.publicKey.rawRepresentation)))
        #expect(String(describing: a) == "Ed25519PrivateKey(<redacted>)")
    }
}
