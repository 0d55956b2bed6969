import FerryCrypto
import FerryHTTP
import FerryProviders
import Testing

/// The generic signature kinds, each against published vectors where the scheme's owner
/// publishes one, and against the ways a forged or replayed request differs.
@Suite struct ConnectionVerifierTests {
    static func descriptor(_ signature: String, contentTypes: String = #"["application/json"]"#) throws -> ProviderDescriptor {
        let text = """
            {"id":"test","displayName":"Test","category":"ehr","docs":["https://example.com/docs"],
             "contentTypes":\(contentTypes),"signature":\(signature)}
            """
        return try ProviderCatalog.parse(data: Array(text.utf8), file: "test/provider.json", expectedID: "test").get()
    }

    static func verify(_ signature: String, secrets: [String], headers: HTTPHeaders, body: String,
                       now: Int64) throws -> Result<VerifiedDelivery, VerificationFailure> {
        let verifier = ConnectionVerifier(provider: try descriptor(signature), connectionID: "c",
                                          secrets: secrets.map { Secret(utf8: $0) })
        return verifier.verify(headers: headers, body: Array(body.utf8), now: now)
    }

    static func failure(_ result: Result<VerifiedDelivery, VerificationFailure>) -> VerificationFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    // MARK: Slack-style separate timestamp (published vector)

    /// Slack, "Verifying requests from Slack" (api.slack.com/authentication/verifying-requests-from-slack):
    /// the worked example's secret, timestamp, body and expected `v0=` signature.
    static let slackScheme = #"{"kind":"timestamped-hmac","format":"separate","header":"X-Slack-Signature","timestampHeader":"X-Slack-Request-Timestamp","signedPayload":"v0:{timestamp}:{body}","algorithm":"sha256","encoding":"hex","prefix":"v0="}"#
    static let slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let slackBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    static let slackHeaders: HTTPHeaders = [
        "X-Slack-Request-Timestamp": "1531420618",
        "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    ]

    @Test func slackPublishedExampleVerifies() throws {
        let result = try Self.verify(Self.slackScheme, secrets: [Self.slackSecret], headers: Self.slackHeaders,
                                     body: Self.slackBody, now: 1_531_420_618)
        let delivery = try result.get()
        #expect(delivery.signatureTimestamp == 1_531_420_618)
    }

    @Test(arguments: [(301 as Int64, VerificationFailure.staleTimestamp), (-301, .staleTimestamp), (300, nil), (-300, nil)])
    func slackTimestampToleranceIsFiveMinutesBothWays(offset: Int64, expected: VerificationFailure?) throws {
        let result = try Self.verify(Self.slackScheme, secrets: [Self.slackSecret], headers: Self.slackHeaders,
                                     body: Self.slackBody, now: 1_531_420_618 + offset)
        #expect(Self.failure(result) == expected)
    }

    @Test func slackRejectsAMissingTimestampAndAnAlteredOne() throws {
        var headers = Self.slackHeaders
        headers.remove(name: "X-Slack-Request-Timestamp")
        #expect(Self.failure(try Self.verify(Self.slackScheme, secrets: [Self.slackSecret], headers: headers,
                                             body: Self.slackBody, now: 1_531_420_618)) == .missingTimestamp)
        headers.add(name: "X-Slack-Request-Timestamp", value: "1531420619")
        #expect(Self.failure(try Self.verify(Self.slackScheme, secrets: [Self.slackSecret], headers: headers,
                                             body: Self.slackBody, now: 1_531_420_618)) == .mismatch)
        headers.replaceOrAdd(name: "X-Slack-Request-Timestamp", value: "+1531420618")
        #expect(Self.failure(try Self.verify(Self.slackScheme, secrets: [Self.slackSecret], headers: headers,
                                             body: Self.slackBody, now: 1_531_420_618)) == .malformedSignature)
    }

    // MARK: Stripe/Calendly-style lists

    static let listScheme = #"{"kind":"timestamped-hmac","format":"list","header":"Sig","signedPayload":"{timestamp}.{body}","algorithm":"sha256","encoding":"hex"}"#

    static func listSignature(_ secret: String, _ timestamp: Int64, _ body: String) -> String {
        Hex.encode(HMAC.authenticationCode(for: Array("\(timestamp).\(body)".utf8), key: Array(secret.utf8), hash: .sha256))
    }

    @Test func aListWithSeveralSignaturesVerifiesWhenAnyMatches() throws {
        let good = Self.listSignature("s3cret", 1_700_000_000, "{}")
        let bad = Self.listSignature("old", 1_700_000_000, "{}")
        let headers: HTTPHeaders = ["Sig": "t=1700000000,v1=\(bad),v1=\(good),v0=ignored"]
        #expect(Self.failure(try Self.verify(Self.listScheme, secrets: ["s3cret"], headers: headers, body: "{}",
                                             now: 1_700_000_000)) == nil)
    }

    @Test func aListRejectsTwoTimestampsAndMalformedItems() throws {
        let good = Self.listSignature("s3cret", 1_700_000_000, "{}")
        for value in ["t=1700000000,t=1700000001,v1=\(good)", "t=1700000000,v1", "v1=\(good)", "t=1700000000,v1=zz"] {
            let failure = Self.failure(try Self.verify(Self.listScheme, secrets: ["s3cret"], headers: ["Sig": value],
                                                       body: "{}", now: 1_700_000_000))
            #expect(failure != nil, "\(value) must not verify")
        }
    }

    @Test func rotationAcceptsEitherSecret() throws {
        let signature = Self.listSignature("new", 1_700_000_000, "{}")
        let headers: HTTPHeaders = ["Sig": "t=1700000000,v1=\(signature)"]
        #expect(Self.failure(try Self.verify(Self.listScheme, secrets: ["old", "new"], headers: headers, body: "{}",
                                             now: 1_700_000_000)) == nil)
        #expect(Self.failure(try Self.verify(Self.listScheme, secrets: ["old"], headers: headers, body: "{}",
                                             now: 1_700_000_000)) == .mismatch)
    }

    // MARK: HMAC over the body

    @Test func bodyHMACAcceptsEitherHexCaseAndChecksPrefixAndEncoding() throws {
        let scheme = #"{"kind":"hmac","header":"X-Hub-Signature-256","algorithm":"sha256","encoding":"hex","prefix":"sha256="}"#
        let mac = HMAC.authenticationCode(for: Array("payload".utf8), key: Array("key".utf8), hash: .sha256)
        for (value, expected) in [("sha256=" + Hex.encode(mac), nil as VerificationFailure?),
                                  ("sha256=" + Hex.encode(mac).uppercased(), nil),
                                  (Hex.encode(mac), .malformedSignature),
                                  ("sha256=" + Base64.encode(mac), .malformedSignature),
                                  ("sha256=" + Hex.encode(mac.reversed()), .mismatch)] {
            let result = try Self.verify(scheme, secrets: ["key"], headers: ["X-Hub-Signature-256": value], body: "payload", now: 0)
            #expect(Self.failure(result) == expected, "\(value)")
        }
    }

    @Test func aRepeatedSignatureHeaderIsRefused() throws {
        let scheme = #"{"kind":"hmac","header":"X-Signature","algorithm":"sha1","encoding":"base64"}"#
        let mac = Base64.encode(HMAC.authenticationCode(for: Array("b".utf8), key: Array("k".utf8), hash: .sha1))
        var headers: HTTPHeaders = ["X-Signature": mac]
        #expect(Self.failure(try Self.verify(scheme, secrets: ["k"], headers: headers, body: "b", now: 0)) == nil)
        headers.add(name: "x-signature", value: mac)
        #expect(Self.failure(try Self.verify(scheme, secrets: ["k"], headers: headers, body: "b", now: 0)) == .missingSignature)
    }

    // MARK: Standard Webhooks

    static let standardScheme = #"{"kind":"standard-webhooks"}"#

    /// The Standard Webhooks reference libraries' test vector (standard-webhooks repo,
    /// libraries/python/tests/test_webhooks.py, test_sign_function).
    @Test func standardWebhooksPublishedVectorVerifies() throws {
        let headers: HTTPHeaders = ["webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                                    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="]
        let result = try Self.verify(Self.standardScheme, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                                     headers: headers, body: #"{"test": 2432232314}"#, now: 1_614_265_330)
        let delivery = try result.get()
        #expect(delivery.messageID == "msg_p5jXN8AQM9LWM0D4loKWxJek")
        // The id is signed: another id with the same signature fails.
        var forged = headers
        forged.replaceOrAdd(name: "webhook-id", value: "msg_other")
        #expect(Self.failure(try Self.verify(Self.standardScheme, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                                             headers: forged, body: #"{"test": 2432232314}"#, now: 1_614_265_330)) == .mismatch)
    }

    @Test func standardWebhooksEd25519SignaturesVerifyWithAWhpkKey() throws {
        let key = Ed25519PrivateKey.generate()
        let signed = Array("msg_1.1700000000.{}".utf8)
        let signature = Base64.encode(try key.signature(for: signed))
        let headers: HTTPHeaders = ["webhook-id": "msg_1", "webhook-timestamp": "1700000000",
                                    "webhook-signature": "v2,unknown v1a,\(signature)"]
        let secret = "whpk_" + Base64.encode(key.publicKey.rawRepresentation)
        #expect(Self.failure(try Self.verify(Self.standardScheme, secrets: [secret], headers: headers, body: "{}",
                                             now: 1_700_000_000)) == nil)
        #expect(Self.failure(try Self.verify(Self.standardScheme, secrets: [secret], headers: headers, body: "{ }",
                                             now: 1_700_000_000)) == .mismatch)
    }

    @Test func standardWebhooksSecretsThatAreNotKeysAreCountedUnusable() throws {
        let verifier = ConnectionVerifier(provider: try Self.descriptor(Self.standardScheme), connectionID: "c",
                                          secrets: [Secret(utf8: "not-a-key"), Secret(utf8: "whsec_!!!")])
        #expect(verifier.unusableSecretCount == 2)
        let result = verifier.verify(headers: [:], body: [], now: 0)
        #expect(Self.failure(result) == .noUsableSecret)
    }

    // MARK: Static token

    @Test func staticTokensCompareTheWholeValueAfterThePrefix() throws {
        let scheme = #"{"kind":"static-token","header":"Authorization","prefix":"Bearer "}"#
        for (value, expected) in [("Bearer t0ken", nil as VerificationFailure?), ("Bearer t0ke", .mismatch),
                                  ("Bearer t0ken2", .mismatch), ("t0ken", .malformedSignature)] {
            let result = try Self.verify(scheme, secrets: ["t0ken"], headers: ["Authorization": value], body: "", now: 0)
            #expect(Self.failure(result) == expected, "\(value)")
        }
    }
}
