import FerryHTTP
import FerryTestSupport
import Foundation
import Testing

/// Every provider fixture through the real binary: the subscriber must receive exactly the
/// fixture's expected unified event. Unit tests replay fixtures through the normalizer with
/// an injected clock; here the binary runs on the real clock, so timestamped schemes are
/// re-signed at the current time (same body, same event id).
@Suite struct RelayFixtureReplayTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: FerryProcess.binaryPath),
                     "build the binary first (swift build) or set FERRY_BINARY")
    }

    static let fixtures = ProviderFixture.all()

    @Test func everyFixtureLoads() {
        #expect(Self.fixtures.count == ProviderFixture.requestFileCount())
        #expect(Self.fixtures.count >= 14)
    }

    @Test(arguments: fixtures)
    func fixtureIsDeliveredAsItsExpectedEvent(_ fixture: ProviderFixture) throws {
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection(fixture.connection, provider: fixture.provider, secret: fixture.secret)
        try config.subscription("app", url: subscriber.url, connections: [fixture.connection])
        let relay = try RelayUnderTest(config, loops: 1)

        let now = ProviderSigner.now
        var headers = fixture.headers.map { ($0.name, $0.value) }
        var expected = try jsonObject(fixture.expectedJSON)
        if let signed = fixture.timestamp {
            guard fixture.secret.hasPrefix("whsec_") || fixture.provider != "standard-webhooks" else {
                // An Ed25519 (v1a) fixture cannot be re-signed without the private key: its
                // own signature is past the tolerance, which must be refused.
                let answer = try relay.post("/hooks/\(fixture.provider)/\(fixture.connection)", headers: headers,
                                            body: fixture.body)
                #expect(answer.status == 401, "\(answer.text)")
                #expect(subscriber.requests.isEmpty)
                return
            }
            headers = try resigned(fixture, headers: headers, at: now)
            // No time in the body: the event's time is the signature's timestamp.
            if expected["time"] as? String == Self.rfc3339(signed) { expected["time"] = Self.rfc3339(now) }
        }

        let answer = try relay.post("/hooks/\(fixture.provider)/\(fixture.connection)", headers: headers,
                                    body: fixture.body)
        #expect(answer.status == 200, "\(answer.text)")
        let body = try jsonObject(answer.body)
        #expect(body["id"] as? String == expected["id"] as? String)
        #expect(body["delivered"] as? Int == 1)

        let requests = subscriber.requests
        try #require(requests.count == 1)
        var event = try jsonObject(requests[0].body)
        #expect(event.removeValue(forKey: "traceparent") is String)
        if expected["time"] == nil {
            // No time in the body nor a signed timestamp: the time of receipt (README, Sources).
            let time = try #require(event.removeValue(forKey: "time") as? String)
            #expect((0...5).map { Self.rfc3339(now + $0) }.contains(time), "time of receipt \(time), now \(now)")
        }
        #expect(NSDictionary(dictionary: event).isEqual(to: expected),
                "got \(requests[0].text)\nexpected \(String(decoding: fixture.expectedJSON, as: UTF8.self))")
        #expect(requests[0].headers["webhook-id"] == expected["id"] as? String)
    }

    /// The fixture's headers with its signature (and timestamp) replaced by ones made `at`.
    func resigned(_ fixture: ProviderFixture, headers: [(String, String)], at now: Int64) throws -> [(String, String)] {
        switch fixture.provider {
        case "calendly":
            let signature = ProviderSigner.calendly(fixture.body, key: fixture.secret, timestamp: now)
            return headers.map { $0.0 == "Calendly-Webhook-Signature" ? ($0.0, signature) : $0 }
        case "standard-webhooks":
            let id = try #require(fixture.headers["webhook-id"])
            let signature = try ProviderSigner.standardWebhooks(fixture.body, id: id, timestamp: now,
                                                                secret: fixture.secret)
            return headers.map { name, value in
                switch name.lowercased() {
                case "webhook-timestamp": (name, String(now))
                case "webhook-signature": (name, signature)
                default: (name, value)
                }
            }
        default:
            Issue.record("no re-signing rule for the timestamped provider \(fixture.provider); add one here")
            return headers
        }
    }

    /// `2024-05-06T11:43:21Z` for unix seconds.
    static func rfc3339(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
