import FerryCrypto
import Testing

@Suite struct ConstantTimeTests {
    @Test func comparesContentsAndLengths() {
        #expect(constantTimeEquals([], []))
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([0, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(!constantTimeEquals([], [0]))
        let a: [UInt8] = [9, 9, 9], b: [UInt8] = [9, 9, 9]
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in #expect(constantTimeEquals(pa, pb)) } }
        b.withUnsafeBytes { #expect(constantTimeEquals(a, $0)) }
    }

    @Test func wipesBuffersAndArrays() {
        var array: [UInt8] = [1, 2, 3, 4]
        secureWipe(&array)
        #expect(array == [0, 0, 0, 0])
        var buffer: [UInt8] = [5, 6, 7]
        buffer.withUnsafeMutableBytes { secureWipe($0) }
        #expect(buffer == [0, 0, 0])
        var empty: [UInt8] = []
        secureWipe(&empty)
        #expect(empty.isEmpty)
    }
}

@Suite struct SecureRandomTests {
    @Test func fillsRequestedCount() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        let a = SecureRandom.bytes(count: 32), b = SecureRandom.bytes(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
        var buffer = [UInt8](repeating: 0, count: 64)
        buffer.withUnsafeMutableBytes { SecureRandom.fill($0) }
        #expect(buffer != [UInt8](repeating: 0, count: 64))
    }
}

@Suite struct SecretTests {
    static let canary = "CANARY-7f3a-secret-value"

    @Test func neverPrintsItsBytes() {
        let secret = Secret(utf8: SecretTests.canary)
        var dumped = ""
        dump(secret, to: &dumped)
        let renderings = [
            secret.description, secret.debugDescription, String(describing: secret),
            String(reflecting: secret), "\(secret)", dumped, String(describing: [secret]),
            String(describing: Optional(secret)),
        ]
        for text in renderings {
            #expect(!text.contains(SecretTests.canary))
            #expect(!text.contains("CANARY"))
            #expect(!text.contains(hexString(Array(SecretTests.canary.utf8))))
        }
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect(Mirror(reflecting: secret).children.isEmpty)
    }

    @Test func holdsAndComparesBytes() {
        let secret = Secret(bytes: [1, 2, 3])
        #expect(secret.count == 3)
        #expect(secret.withUnsafeBytes { Array($0) } == [1, 2, 3])
        #expect(secret.constantTimeEquals(Secret(bytes: [1, 2, 3])))
        #expect(!secret.constantTimeEquals(Secret(bytes: [1, 2, 4])))
        #expect(!secret.constantTimeEquals(Secret(bytes: [1, 2])))
        #expect(Secret(utf8: "abc").withUnsafeBytes { Array($0) } == Array("abc".utf8))
        #expect(Secret(bytes: []).count == 0)
    }

    @Test func wipingInitClearsTheCallerCopy() {
        var key: [UInt8] = [9, 8, 7]
        let secret = Secret(wiping: &key)
        #expect(key == [0, 0, 0])
        #expect(secret.withUnsafeBytes { Array($0) } == [9, 8, 7])
    }

    @Test func errorDescriptionsCarryNoData() throws {
        let errors: [CryptoError] = [.invalidKey, .invalidHex, .invalidBase64, .authenticationFailure,
                                     .invalidNonce, .invalidSealedBox, .inputTooLarge,
                                     .openSSL(call: "EVP_DigestSign")]
        #expect(Set(errors.map(\.description)).count == errors.count)
        #expect(CryptoError.openSSL(call: "EVP_DigestSign") == .openSSL(call: "EVP_DigestSign"))
        #expect(CryptoError.openSSL(call: "EVP_DigestSign").description.contains("EVP_DigestSign"))
        do {
            _ = try Hex.decode(SecretTests.canary)
            Issue.record("decoding non-hex must throw")
        } catch {
            #expect(!String(describing: error).contains("CANARY"))
        }
    }
}
