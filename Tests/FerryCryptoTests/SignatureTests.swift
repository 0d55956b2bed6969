import FerryCrypto
import Testing

private typealias F = SignatureFixtures

@Suite struct RSATests {
    @Test func parsesPEMAndDER() throws {
        let pem = try RSAPublicKey(pem: F.rsaPublicKeyPEM)
        let der = try RSAPublicKey(derSubjectPublicKeyInfo: F.der(fromPEM: F.rsaPublicKeyPEM))
        #expect(pem.bitCount == 2048)
        #expect(der.isValidPKCS1v15SHA256Signature(F.rsaPKCS1Signature, for: F.signedMessage))
    }

    @Test func verifiesPKCS1v15() throws {
        let key = try RSAPublicKey(pem: F.rsaPublicKeyPEM)
        #expect(key.isValidPKCS1v15SHA256Signature(F.rsaPKCS1Signature, for: F.signedMessage))
        #expect(!key.isValidPKCS1v15SHA256Signature(F.rsaPKCS1Signature, for: F.signedMessage + [0x0a]))
        #expect(!key.isValidPKCS1v15SHA256Signature(flipped(F.rsaPKCS1Signature, at: 100), for: F.signedMessage))
        #expect(!key.isValidPKCS1v15SHA256Signature(Array(F.rsaPKCS1Signature.dropLast()), for: F.signedMessage))
        #expect(!key.isValidPKCS1v15SHA256Signature([], for: F.signedMessage))
        // A PSS signature is not a PKCS#1 v1.5 signature.
        #expect(!key.isValidPKCS1v15SHA256Signature(F.rsaPSSDigestSaltSignature, for: F.signedMessage))
    }

    @Test func verifiesPSS() throws {
        let key = try RSAPublicKey(pem: F.rsaPublicKeyPEM)
        #expect(key.isValidPSSSHA256Signature(F.rsaPSSDigestSaltSignature, for: F.signedMessage))
        #expect(key.isValidPSSSHA256Signature(F.rsaPSSDigestSaltSignature, for: F.signedMessage, saltLength: .digestLength))
        // A maximal salt verifies under .auto only.
        #expect(key.isValidPSSSHA256Signature(F.rsaPSSMaxSaltSignature, for: F.signedMessage))
        #expect(!key.isValidPSSSHA256Signature(F.rsaPSSMaxSaltSignature, for: F.signedMessage, saltLength: .digestLength))
        #expect(!key.isValidPSSSHA256Signature(F.rsaPSSDigestSaltSignature, for: flipped(F.signedMessage, at: 0)))
        #expect(!key.isValidPSSSHA256Signature(flipped(F.rsaPSSDigestSaltSignature, at: 255), for: F.signedMessage))
        #expect(!key.isValidPSSSHA256Signature(F.rsaPKCS1Signature, for: F.signedMessage))
    }

    @Test func rejectsUnsuitableKeys() throws {
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(pem: F.rsa1024PublicKeyPEM) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(pem: F.p256PublicKeyPEM) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(pem: "not a key") }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(pem: "") }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(derSubjectPublicKeyInfo: []) }
        let der = try F.der(fromPEM: F.rsaPublicKeyPEM)
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(derSubjectPublicKeyInfo: der + [0x00]) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(derSubjectPublicKeyInfo: Array(der.dropLast())) }
    }
}

@Suite struct P256Tests {
    @Test func verifiesDERAndRaw() throws {
        for key in [try P256PublicKey(pem: F.p256PublicKeyPEM), try P256PublicKey(x963: F.p256X963),
                    try P256PublicKey(derSubjectPublicKeyInfo: F.der(fromPEM: F.p256PublicKeyPEM))] {
            #expect(key.isValidSignature(der: F.p256DERSignature, for: F.signedMessage))
            #expect(key.isValidSignature(raw: F.p256RawSignature, for: F.signedMessage))
        }
    }

    @Test func rejectsTampering() throws {
        let key = try P256PublicKey(x963: F.p256X963)
        #expect(!key.isValidSignature(der: F.p256DERSignature, for: F.signedMessage + [0x00]))
        #expect(!key.isValidSignature(raw: F.p256RawSignature, for: flipped(F.signedMessage, at: 3)))
        #expect(!key.isValidSignature(der: flipped(F.p256DERSignature, at: 40), for: F.signedMessage))
        #expect(!key.isValidSignature(raw: flipped(F.p256RawSignature, at: 63), for: F.signedMessage))
        #expect(!key.isValidSignature(raw: Array(F.p256RawSignature.dropLast()), for: F.signedMessage))
        #expect(!key.isValidSignature(raw: F.p256DERSignature, for: F.signedMessage))
        #expect(!key.isValidSignature(der: F.p256RawSignature, for: F.signedMessage))
        // Trailing bytes after the DER SEQUENCE are not a valid encoding.
        #expect(!key.isValidSignature(der: F.p256DERSignature + [0x00], for: F.signedMessage))
        #expect(!key.isValidSignature(raw: [UInt8](repeating: 0, count: 64), for: F.signedMessage))
    }

    @Test func rejectsUnsuitableKeys() {
        #expect(throws: CryptoError.invalidKey) { try P256PublicKey(pem: F.p384PublicKeyPEM) }
        #expect(throws: CryptoError.invalidKey) { try P256PublicKey(pem: F.rsaPublicKeyPEM) }
        #expect(throws: CryptoError.invalidKey) { try P256PublicKey(x963: Array(F.p256X963.dropFirst())) }
        // Compressed-point prefix with an uncompressed length.
        var wrongPrefix = F.p256X963
        wrongPrefix[0] = 0x02
        #expect(throws: CryptoError.invalidKey) { try P256PublicKey(x963: wrongPrefix) }
        // Changing y moves the point off the curve.
        #expect(throws: CryptoError.invalidKey) { try P256PublicKey(x963: flipped(F.p256X963, at: 64)) }
    }
}

@Suite struct SharedKeyTests {
    // Public keys are Sendable so every event loop can share one; OpenSSL 3 allows
    // concurrent verification with one EVP_PKEY (each call makes its own EVP_MD_CTX).
    @Test func verifiesConcurrentlyWithSharedKeys() async throws {
        let rsa = try RSAPublicKey(pem: F.rsaPublicKeyPEM)
        let p256 = try P256PublicKey(x963: F.p256X963)
        let ed = try Ed25519PublicKey(rawRepresentation: rfc8032Vectors[2].publicKey)
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for i in 0..<16 {
                group.addTask {
                    var ok = true
                    for _ in 0..<25 {
                        ok = ok && rsa.isValidPSSSHA256Signature(F.rsaPSSDigestSaltSignature, for: F.signedMessage)
                        ok = ok && p256.isValidSignature(raw: F.p256RawSignature, for: F.signedMessage)
                        ok = ok && ed.isValidSignature(rfc8032Vectors[2].signature, for: rfc8032Vectors[2].message)
                        ok = ok && !ed.isValidSignature(rfc8032Vectors[2].signature, for: [UInt8(i)])
                    }
                    return ok
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 })
    }

    @Test func mixedArrayAndBufferOverloads() throws {
        let rsa = try RSAPublicKey(pem: F.rsaPublicKeyPEM)
        let p256 = try P256PublicKey(pem: F.p256PublicKeyPEM)
        F.signedMessage.withUnsafeBytes { body in
            #expect(rsa.isValidPKCS1v15SHA256Signature(F.rsaPKCS1Signature, for: body))
            #expect(rsa.isValidPSSSHA256Signature(F.rsaPSSMaxSaltSignature, for: body))
            #expect(p256.isValidSignature(der: F.p256DERSignature, for: body))
            #expect(p256.isValidSignature(raw: F.p256RawSignature, for: body))
        }
    }
}
