import FerryHTTP
import FerryTestSupport
import Foundation
import Testing

/// What the provider is told when subscribers fail, throttle, vanish or are slow, and how
/// fan-out and the provider's own retries behave (DESIGN.md, "The upstream answer").
@Suite struct RelayDeliveryOutcomeTests {
    static let secret = "medplum-e2e-connection-secret"

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: FerryProcess.binaryPath),
                     "build the binary first (swift build) or set FERRY_BINARY")
    }

    /// A relay with one Medplum connection "clinic" and one subscription "app" to `subscriber`.
    func relay(to subscriber: FakeSubscriber, timeoutMs: Int? = nil) throws -> RelayUnderTest {
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: Self.secret)
        try config.subscription("app", url: subscriber.url, connections: ["clinic"], timeoutMs: timeoutMs)
        return try RelayUnderTest(config)
    }

    func send(_ relay: RelayUnderTest, version: String = "v-1") throws -> RawHTTPResponse {
        try relay.postMedplum(connection: "clinic", body: ProviderSigner.medplumPatient(version: version),
                              secret: Self.secret)
    }

    /// Checks `{"error":"delivery_failed","id":…,"failures":[one failure]}` and returns that failure.
    func singleFailure(_ answer: RawHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let body = try jsonObject(answer.body, sourceLocation: sourceLocation)
        #expect(keys(body) == ["error", "failures", "id"], sourceLocation: sourceLocation)
        #expect(body["error"] as? String == "delivery_failed", sourceLocation: sourceLocation)
        #expect((body["id"] as? String)?.hasPrefix("evt_") == true, sourceLocation: sourceLocation)
        let failures = try #require(body["failures"] as? [[String: Any]], sourceLocation: sourceLocation)
        try #require(failures.count == 1, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(keys(failures[0]) == ["reason", "status", "subscription"], sourceLocation: sourceLocation)
        return failures[0]
    }

    @Test func subscriber500Is502WithTheFailure() throws {
        let subscriber = try FakeSubscriber(always: 500)
        let relay = try relay(to: subscriber)
        let answer = try send(relay)
        #expect(answer.status == 502, "\(answer.text)")
        let failure = try singleFailure(answer)
        #expect(failure["subscription"] as? String == "app")
        #expect(failure["status"] as? Int == 500)
        #expect((failure["reason"] as? String)?.isEmpty == false)
        #expect(subscriber.requests.count == 1)
    }

    @Test func aSubscriberThatKeepsFailingOpensItsCircuitAndTheProviderIsTold503() throws {
        let subscriber = try FakeSubscriber(always: 500)
        let relay = try relay(to: subscriber)
        // Five failures in a row open the circuit (CircuitBreaker's default threshold).
        for attempt in 0..<5 {
            let answer = try send(relay, version: "v-circuit-\(attempt)")
            #expect(answer.status == 502, "\(answer.text)")
        }
        let answer = try send(relay, version: "v-circuit-5")
        #expect(answer.status == 503, "\(answer.text)")
        #expect((Int(answer.headers["Retry-After"] ?? "") ?? 0) >= 1, "\(answer.text)")
        let body = try jsonObject(answer.body)
        #expect(body["error"] as? String == "unavailable")
        #expect(body["reason"] as? String == "circuit_open")
        #expect(body["subscription"] as? String == "app")
        #expect(subscriber.requests.count == 5, "an open circuit must not send to the subscriber")
    }

    @Test func subscriberRedirectIsNotFollowed() throws {
        let elsewhere = try FakeSubscriber()
        let subscriber = try FakeSubscriber { _ in .status(307, headers: [("Location", elsewhere.url)]) }
        let relay = try relay(to: subscriber)
        let answer = try send(relay)
        #expect(answer.status == 502, "\(answer.text)")
        let failure = try singleFailure(answer)
        #expect(failure["status"] as? Int == 307)
        #expect(failure["reason"] as? String == "redirect_not_followed")
        #expect(elsewhere.requests.isEmpty, "the relay followed a subscriber's redirect")
    }

    @Test func slowSubscriberIs504BeforeItAnswers() throws {
        let subscriber = try FakeSubscriber { _ in FakeSubscriber.Reply(status: 204, delay: .milliseconds(1500)) }
        let relay = try relay(to: subscriber, timeoutMs: 300)
        let started = ContinuousClock.now
        let answer = try send(relay)
        let elapsed = ContinuousClock.now - started
        #expect(answer.status == 504, "\(answer.text)")
        #expect(elapsed < .milliseconds(1200), "the answer took \(elapsed); the subscription's deadline is 300 ms")
        #expect(elapsed >= .milliseconds(250), "answered in \(elapsed), before the 300 ms deadline")
        let failure = try singleFailure(answer)
        #expect(failure["subscription"] as? String == "app")
        #expect(failure["status"] is NSNull)
        #expect(failure["reason"] as? String == "timeout")
    }

    @Test func subscriber429IsPassedUpNormalizedFromTheIETFDialect() throws {
        let subscriber = try FakeSubscriber { _ in
            .status(429, headers: [("Retry-After", "7"), ("RateLimit-Policy", "\"burst\";q=100;w=60"),
                                   ("RateLimit", "\"burst\";r=0;t=7")])
        }
        let relay = try relay(to: subscriber)
        let answer = try send(relay)
        #expect(answer.status == 429, "\(answer.text)")
        #expect(answer.headers["Retry-After"] == "7")
        #expect(answer.headers["RateLimit-Policy"] == "\"subscriber\";q=100;w=60")
        #expect(answer.headers["RateLimit"] == "\"subscriber\";r=0;t=7")
        #expect(answer.text == "{\"error\":\"rate_limited\",\"subscription\":\"app\",\"connection\":\"clinic\"}")
    }

    @Test func subscriber429IsPassedUpNormalizedFromXRateLimitHeaders() throws {
        // GitHub's dialect: X-RateLimit-Reset is a unix time, no Retry-After.
        let subscriber = try FakeSubscriber { _ in
            .status(429, headers: [("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0"),
                                   ("X-RateLimit-Reset", String(ProviderSigner.now + 7))])
        }
        let relay = try relay(to: subscriber)
        let answer = try send(relay)
        #expect(answer.status == 429, "\(answer.text)")
        // The relay's clock read the request a moment before the subscriber answered.
        let retryAfter = try #require(answer.headers["Retry-After"].flatMap { Int($0) })
        #expect((7...8).contains(retryAfter), "Retry-After \(retryAfter)")
        #expect(answer.headers["RateLimit-Policy"] == "\"subscriber\";q=100")
        #expect(answer.headers["RateLimit"] == "\"subscriber\";r=0;t=\(retryAfter)")
        let body = try jsonObject(answer.body)
        #expect(keys(body) == ["connection", "error", "subscription"])
        #expect(body["error"] as? String == "rate_limited")
        #expect(body["subscription"] as? String == "app")
        #expect(body["connection"] as? String == "clinic")
    }

    @Test func subscriber410DisablesTheSubscriptionAndIsNever410Upstream() throws {
        let subscriber = try FakeSubscriber(always: 410)
        let relay = try relay(to: subscriber)
        let answer = try send(relay, version: "v-first")
        #expect(answer.status == 502, "\(answer.text)")
        let failure = try singleFailure(answer)
        #expect(failure["subscription"] as? String == "app")
        #expect(failure["status"] as? Int == 410)
        #expect(failure["reason"] as? String == "subscription_disabled")

        // The next, different event is not sent to the disabled subscription.
        let next = try send(relay, version: "v-second")
        #expect(next.status == 200, "\(next.text)")
        let body = try jsonObject(next.body)
        #expect(body["delivered"] as? Int == 0)
        #expect(body["skipped"] as? Int == 1)
        #expect(subscriber.requests.count == 1, "a disabled subscription still received events")
    }

    @Test func fanOutFiltersByTypeAndOptionalFailuresDoNotFailTheAnswer() throws {
        let first = try FakeSubscriber()
        let second = try FakeSubscriber()
        let hrOnly = try FakeSubscriber()
        let optional = try FakeSubscriber(always: 500)
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: Self.secret)
        let firstKey = try config.subscription("first", url: first.url, connections: ["clinic"], types: ["ehr.patient.*"])
        let secondKey = try config.subscription("second", url: second.url, connections: ["clinic"])
        try config.subscription("hr-only", url: hrOnly.url, connections: ["clinic"], types: ["hris.*"])
        try config.subscription("optional", url: optional.url, connections: ["clinic"], required: false)
        let relay = try RelayUnderTest(config)

        let answer = try send(relay)
        #expect(answer.status == 200, "\(answer.text)")
        let body = try jsonObject(answer.body)
        let id = try #require(body["id"] as? String)
        #expect(body["delivered"] as? Int == 2)
        #expect(body["skipped"] as? Int == 1)
        #expect(hrOnly.requests.isEmpty, "a subscription got a type it does not want")
        #expect(optional.requests.count == 1)

        let deliveries = [(first, firstKey), (second, secondKey)]
        for (subscriber, key) in deliveries {
            let requests = subscriber.requests
            try #require(requests.count == 1)
            #expect(requests[0].headers["webhook-id"] == id)
            #expect(requests[0].body == deliveries[0].0.requests.first?.body, "subscribers got different events")
            // Each subscription signs with its own key.
            try StandardWebhooksReference.expectVerifies(
                secret: key,
                headers: ["webhook-id": id, "webhook-timestamp": requests[0].headers["webhook-timestamp"] ?? "",
                          "webhook-signature": requests[0].headers["webhook-signature"] ?? ""],
                body: requests[0].body)
        }
    }

    @Test func aRetryAfterAFailedDeliveryIsDeliveredWithTheSameWebhookID() throws {
        let subscriber = try FakeSubscriber { index in index == 0 ? .status(500) : .noContent }
        let relay = try relay(to: subscriber)
        let failed = try send(relay, version: "v-retry")
        #expect(failed.status == 502, "\(failed.text)")
        let retried = try send(relay, version: "v-retry")
        #expect(retried.status == 200, "\(retried.text)")
        let body = try jsonObject(retried.body)
        #expect(body["delivered"] as? Int == 1)
        #expect(body["duplicate"] == nil)

        let requests = subscriber.requests
        try #require(requests.count == 2)
        #expect(requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"])
        #expect(requests[1].headers["webhook-id"] == body["id"] as? String)
        #expect(requests[0].body.count == requests[1].body.count)
    }

    @Test func aReplayOfADeliveredEventIsAnswered200OnceDelivered() throws {
        let subscriber = try FakeSubscriber()
        let relay = try relay(to: subscriber)
        let first = try send(relay, version: "v-once")
        #expect(first.status == 200, "\(first.text)")
        let replay = try send(relay, version: "v-once")
        #expect(replay.status == 200, "\(replay.text)")
        let firstBody = try jsonObject(first.body)
        let replayBody = try jsonObject(replay.body)
        #expect(firstBody["duplicate"] == nil)
        #expect(replayBody["duplicate"] as? Bool == true)
        #expect(replayBody["id"] as? String == firstBody["id"] as? String)
        #expect(subscriber.requests.count == 1, "the replay was delivered again")

        // A different event still goes through.
        let other = try send(relay, version: "v-other")
        #expect(other.status == 200)
        #expect(subscriber.requests.count == 2)
    }
}
