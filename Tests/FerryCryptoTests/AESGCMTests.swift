import FerryCrypto
import Testing

struct GCMVector: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let key: [UInt8]
    let nonce: [UInt8]
    let plaintext: [UInt8]
    let aad: [UInt8]
    let ciphertext: [UInt8]
    let tag: [UInt8]

    init(_ name: String, key: String, nonce: String, plaintext: String, aad: String, ciphertext: String, tag: String) {
        testDescription = name
        self.key = bytes(hex: key)
        self.nonce = bytes(hex: nonce)
        self.plaintext = bytes(hex: plaintext)
        self.aad = bytes(hex: aad)
        self.ciphertext = bytes(hex: ciphertext)
        self.tag = bytes(hex: tag)
    }
}

private let zeroKey = String(repeating: "00", count: 32)
private let gcmKey = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
private let gcmPlaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
private let gcmCiphertext = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, Test Cases 13–16
// (the 256-bit-key cases with 96-bit IVs). Case 16 has AAD and a 60-byte plaintext.
let gcmVectors: [GCMVector] = [
    GCMVector("GCM spec Test Case 13", key: zeroKey, nonce: String(repeating: "00", count: 12),
              plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
    GCMVector("GCM spec Test Case 14", key: zeroKey, nonce: String(repeating: "00", count: 12),
              plaintext: String(repeating: "00", count: 16), aad: "",
              ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"),
    GCMVector("GCM spec Test Case 15", key: gcmKey, nonce: "cafebabefacedbaddecaf888",
              plaintext: gcmPlaintext, aad: "", ciphertext: gcmCiphertext, tag: "b094dac5d93471bdec1a502270e3cc6c"),
    GCMVector("GCM spec Test Case 16", key: gcmKey, nonce: "cafebabefacedbaddecaf888",
              plaintext: String(gcmPlaintext.prefix(120)), aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
              ciphertext: String(gcmCiphertext.prefix(120)), tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
]

@Suite struct AESGCMTests {
    @Test(arguments: gcmVectors)
    func seal(vector: GCMVector) throws {
        let box = try AES256GCM.seal(vector.plaintext, key: vector.key, nonce: vector.nonce, authenticating: vector.aad)
        #expect(box.nonce == vector.nonce)
        #expect(box.ciphertext == vector.ciphertext)
        #expect(box.tag == vector.tag)
        #expect(box.combined == vector.nonce + vector.ciphertext + vector.tag)
    }

    @Test(arguments: gcmVectors)
    func open(vector: GCMVector) throws {
        let box = try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: vector.tag)
        #expect(try AES256GCM.open(box, key: vector.key, authenticating: vector.aad) == vector.plaintext)
        let recombined = try AES256GCM.SealedBox(combined: box.combined)
        #expect(recombined == box)
        #expect(try AES256GCM.open(recombined, key: Secret(bytes: vector.key), authenticating: vector.aad)
            == vector.plaintext)
    }

    @Test(arguments: gcmVectors)
    func rejectsTampering(vector: GCMVector) throws {
        let good = try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: vector.tag)
        var altered: [AES256GCM.SealedBox] = [
            try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: flipped(vector.tag, at: 15)),
            try AES256GCM.SealedBox(nonce: flipped(vector.nonce, at: 0), ciphertext: vector.ciphertext, tag: vector.tag),
        ]
        if !vector.ciphertext.isEmpty {
            altered.append(try AES256GCM.SealedBox(nonce: vector.nonce, ciphertext: flipped(vector.ciphertext, at: 0),
                                                   tag: vector.tag))
        }
        for box in altered {
            #expect(throws: CryptoError.authenticationFailure) {
                try AES256GCM.open(box, key: vector.key, authenticating: vector.aad)
            }
        }
        // Altered or missing AAD.
        #expect(throws: CryptoError.authenticationFailure) {
            try AES256GCM.open(good, key: vector.key, authenticating: vector.aad + [0x00])
        }
        if !vector.aad.isEmpty {
            #expect(throws: CryptoError.authenticationFailure) {
                try AES256GCM.open(good, key: vector.key, authenticating: flipped(vector.aad, at: 0))
            }
            #expect(throws: CryptoError.authenticationFailure) { try AES256GCM.open(good, key: vector.key) }
        }
        #expect(throws: CryptoError.authenticationFailure) {
            try AES256GCM.open(good, key: flipped(vector.key, at: 0), authenticating: vector.aad)
        }
    }

    @Test func randomNonceRoundTrip() throws {
        let key = SecureRandom.bytes(count: 32)
        let message = Array("zero-retention relay".utf8)
        let a = try AES256GCM.seal(message, key: key, authenticating: [1, 2, 3])
        let b = try AES256GCM.seal(message, key: key, authenticating: [1, 2, 3])
        #expect(a.nonce.count == 12)
        #expect(a.nonce != b.nonce)
        #expect(a.ciphertext != b.ciphertext)
        #expect(try AES256GCM.open(a, key: key, authenticating: [1, 2, 3]) == message)
        #expect(try AES256GCM.open(try AES256GCM.SealedBox(combined: b.combined), key: key,
                                   authenticating: [1, 2, 3]) == message)
    }

    @Test func rejectsBadSizes() throws {
        let key = [UInt8](repeating: 7, count: 32)
        #expect(throws: CryptoError.invalidKey) { try AES256GCM.seal([1], key: [UInt8](repeating: 7, count: 16)) }
        #expect(throws: CryptoError.invalidNonce) { try AES256GCM.seal([1], key: key, nonce: [UInt8](repeating: 0, count: 16)) }
        #expect(throws: CryptoError.invalidSealedBox) { try AES256GCM.SealedBox(combined: [UInt8](repeating: 0, count: 27)) }
        #expect(throws: CryptoError.invalidSealedBox) {
            try AES256GCM.SealedBox(nonce: [UInt8](repeating: 0, count: 12), ciphertext: [], tag: [1, 2, 3])
        }
        let box = try AES256GCM.seal([1, 2, 3], key: key)
        #expect(throws: CryptoError.invalidKey) { try AES256GCM.open(box, key: Array(key.dropLast())) }
    }
}
