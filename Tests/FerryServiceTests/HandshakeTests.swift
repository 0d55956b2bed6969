@testable import FerryService
import FerryCrypto
import FerryHTTP
import FerryProviders
import Foundation
import Testing

/// Verification handshakes answered per descriptor (DESIGN.md, Inbound).
@Suite struct HandshakeTests {
    static func provider(handshakes: String) throws -> ProviderDescriptor {
        let text = """
            {"id":"test","displayName":"Test","category":"ehr","docs":["https://example.com/docs"],
             "signature":{"kind":"hmac","header":"X-Sig","algorithm":"sha256","encoding":"hex"},
             "handshakes":\(handshakes)}
            """
        return try ProviderCatalog.parse(data: Array(text.utf8), file: "test/provider.json", expectedID: "test").get()
    }

    @Test func anEchoQueryIsAnsweredWithItsValueOnlyForItsMethod() throws {
        let provider = try Self.provider(handshakes: #"[{"kind":"echo-query","method":"GET","parameter":"msg"}]"#)
        let get = HTTPServerRequest(head: HTTPRequestHead(method: .GET, target: "/hooks/test/c?msg=abc%2D123"))
        let answer = try #require(Handshakes.answerBeforeVerification(get, provider: provider))
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "abc-123")
        #expect(answer.headers["X-Content-Type-Options"] == "nosniff")
        let post = HTTPServerRequest(head: HTTPRequestHead(method: .POST, target: "/hooks/test/c?msg=abc"))
        #expect(Handshakes.answerBeforeVerification(post, provider: provider) == nil)
        let noParameter = HTTPServerRequest(head: HTTPRequestHead(method: .GET, target: "/hooks/test/c"))
        #expect(Handshakes.answerBeforeVerification(noParameter, provider: provider) == nil)
    }

    @Test func aJSONChallengeIsAnsweredOnlyAfterTheSignatureVerifies() throws {
        let provider = try Self.provider(handshakes:
            #"[{"kind":"json-challenge","when":{"pointer":"/type","equals":"url_verification"},"echo":"/challenge"}]"#)
        let body = Array(#"{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}"#.utf8)
        let secret = "handshake-secret"
        let signature = Hex.encode(HMAC.authenticationCode(for: body, key: Array(secret.utf8), hash: .sha256))
        let verifier = ConnectionVerifier(provider: provider, connectionID: "c", secrets: [Secret(utf8: secret)])
        let delivery = try verifier.verify(headers: ["X-Sig": signature], body: body, now: 0).get()
        let answer = try #require(Handshakes.answerAfterVerification(delivery))
        #expect(answer.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: String])
        #expect(json == ["challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"])

        // An ordinary event is not a handshake.
        let event = Array(#"{"type":"event_callback","challenge":"x"}"#.utf8)
        let eventSignature = Hex.encode(HMAC.authenticationCode(for: event, key: Array(secret.utf8), hash: .sha256))
        let eventDelivery = try verifier.verify(headers: ["X-Sig": eventSignature], body: event, now: 0).get()
        #expect(Handshakes.answerAfterVerification(eventDelivery) == nil)
    }
}
