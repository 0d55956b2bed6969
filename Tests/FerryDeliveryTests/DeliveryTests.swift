import FerryCrypto
import FerryDelivery
import FerryHTTP
import Foundation
import Testing

@Suite struct OutboundSignerTests {
    /// The Standard Webhooks reference vector (standard-webhooks repo, libraries/python/tests/
    /// test_webhooks.py, test_sign_function): our signer must produce exactly its signature.
    @Test func signsThePublishedVectorExactly() throws {
        let key = try Base64.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signer = try OutboundSigner(keys: [Secret(bytes: key)])
        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                         body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func duringRotationEveryKeySigns() throws {
        let first = try OutboundSigner(keys: [Secret(bytes: Array(repeating: 1, count: 32))])
        let both = try OutboundSigner(keys: [Secret(bytes: Array(repeating: 1, count: 32)),
                                             Secret(bytes: Array(repeating: 2, count: 32))])
        let one = first.signature(id: "evt_1", timestamp: 1, body: [0x7B, 0x7D])
        let two = both.signature(id: "evt_1", timestamp: 1, body: [0x7B, 0x7D])
        #expect(two.hasPrefix(one + " v1,"))
        #expect(two.split(separator: " ").count == 2)
    }
}

@Suite struct RateLimitTests {
    static let now: Int64 = 1_700_000_000

    @Test(arguments: [
        (["Retry-After": "7"], 7, nil as Int?, nil as Int?),
        (["Retry-After": "Tue, 14 Nov 2023 22:13:40 GMT"], 20, nil, nil),   // now + 20 s (RFC 9110 §10.2.3 HTTP-date)
        (["X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1700000042"], 42, 100, 0),
        (["X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "5"], 5, 10, 0),
        (["RateLimit-Limit": "50", "RateLimit-Remaining": "0", "RateLimit-Reset": "9"], 9, 50, 0),
        (["RateLimit-Policy": "\"burst\";q=100;w=60", "RateLimit": "\"burst\";r=0;t=12"], 12, 100, 0),
        ([:], RateLimit.defaultRetryAfter, nil, nil),
        (["Retry-After": "999999"], RateLimit.maximumRetryAfter, nil, nil),
        (["Retry-After": "-3"], RateLimit.defaultRetryAfter, nil, nil),
    ] as [([String: String], Int, Int?, Int?)])
    func readsEveryDialect(headers: [String: String], retryAfter: Int, limit: Int?, remaining: Int?) {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: value) }
        let parsed = RateLimit(headers: fields, now: Self.now)
        #expect(parsed.retryAfter == retryAfter)
        #expect(parsed.limit == limit)
        #expect(parsed.remaining == remaining)
    }

    @Test func answersInTheIETFDraftShape() {
        let headers = RateLimit(retryAfter: 30, limit: 100, remaining: 0, window: 60).responseHeaders
        #expect(headers["Retry-After"] == "30")
        #expect(headers["RateLimit-Policy"] == "\"subscriber\";q=100;w=60")
        #expect(headers["RateLimit"] == "\"subscriber\";r=0;t=30")
    }
}

@Suite struct UpstreamAnswerTests {
    func body(_ response: HTTPServerResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    func outcome(_ id: String, _ outcome: DeliveryOutcome, required: Bool = true) -> SubscriptionOutcome {
        SubscriptionOutcome(subscription: id, required: required, outcome: outcome)
    }

    @Test func allDeliveredIs200WithCounts() throws {
        let answer = UpstreamAnswer.after(eventID: "evt_1", connection: "c", outcomes: [outcome("a", .delivered(status: 204))], skipped: 2)
        #expect(answer.status == 200)
        let json = try body(answer)
        #expect(json["id"] as? String == "evt_1")
        #expect(json["delivered"] as? Int == 1)
        #expect(json["skipped"] as? Int == 2)
    }

    @Test func optionalFailuresDoNotFailTheAnswer() {
        let answer = UpstreamAnswer.after(eventID: "e", connection: "c",
                                          outcomes: [outcome("a", .delivered(status: 200)), outcome("b", .timedOut, required: false)],
                                          skipped: 0)
        #expect(answer.status == 200)
    }

    @Test func rateLimitingWinsAndCarriesTheLongestWait() throws {
        let answer = UpstreamAnswer.after(eventID: "e", connection: "c", outcomes: [
            outcome("a", .rateLimited(RateLimit(retryAfter: 5))),
            outcome("b", .rateLimited(RateLimit(retryAfter: 40))),
            outcome("c", .failed(status: 500, reason: "subscriber_error")),
        ], skipped: 0)
        #expect(answer.status == 429)
        #expect(answer.headers["Retry-After"] == "40")
        #expect(answer.headers["RateLimit"] != nil)
        let json = try body(answer)
        #expect(json["error"] as? String == "rate_limited")
        #expect(json["subscription"] as? String == "a")
        #expect(json["connection"] as? String == "c")
    }

    @Test func onlyTimeoutsIs504AndAnyOtherFailureIs502() throws {
        let timeouts = UpstreamAnswer.after(eventID: "e", connection: "c", outcomes: [outcome("a", .timedOut)], skipped: 0)
        #expect(timeouts.status == 504)
        let mixed = UpstreamAnswer.after(eventID: "e", connection: "c",
                                         outcomes: [outcome("a", .timedOut), outcome("b", .failed(status: 503, reason: "subscriber_error"))],
                                         skipped: 0)
        #expect(mixed.status == 502)
        let failures = try #require(try body(mixed)["failures"] as? [[String: Any]])
        #expect(failures.map { $0["subscription"] as? String } == ["a", "b"])
        #expect(failures[1]["status"] as? Int == 503)
        #expect(failures[0]["reason"] as? String == "timeout")
    }

    @Test func aSubscribersGoneIsNeverPassedUpstreamAs410() throws {
        let answer = UpstreamAnswer.after(eventID: "e", connection: "c", outcomes: [outcome("a", .gone)], skipped: 0)
        #expect(answer.status == 502)
        let failures = try #require(try body(answer)["failures"] as? [[String: Any]])
        #expect(failures.first?["reason"] as? String == "subscription_disabled")
    }
}

@Suite struct DeliveryLedgerTests {
    @Test func aDeliveredEventIsRememberedForTheWindowOnly() {
        let ledger = DeliveryLedger(window: 300)
        #expect(ledger.begin("evt_1", now: 1000) == .deliver)
        #expect(ledger.begin("evt_1", now: 1001) == .inFlight)
        ledger.finish("evt_1", delivered: true, now: 1002)
        #expect(ledger.begin("evt_1", now: 1100) == .alreadyDelivered)
        #expect(ledger.begin("evt_1", now: 1302) == .deliver)
    }

    @Test func aFailedDeliveryIsForgottenSoTheRetryIsForwarded() {
        let ledger = DeliveryLedger(window: 300)
        #expect(ledger.begin("evt_2", now: 1000) == .deliver)
        ledger.finish("evt_2", delivered: false, now: 1001)
        #expect(ledger.begin("evt_2", now: 1002) == .deliver)
    }

    @Test func memoryIsBoundedByCapacity() {
        let ledger = DeliveryLedger(window: 300, capacity: 64, shardCount: 4)
        for i in 0..<1000 {
            _ = ledger.begin("evt_\(i)", now: 1000)
            ledger.finish("evt_\(i)", delivered: true, now: 1000)
        }
        #expect(ledger.count <= 64)
        // The newest are kept; the oldest were evicted.
        #expect(ledger.begin("evt_999", now: 1001) == .alreadyDelivered)
    }
}

@Suite struct CircuitBreakerTests {
    @Test func opensAfterTheThresholdAndFailsFastUntilTheCooldownEnds() {
        var circuit = CircuitBreaker(threshold: 3, cooldown: 30)
        for second in 0..<2 {
            #expect(circuit.decide(now: Int64(second)) == .attempt)
            circuit.record(success: false, now: Int64(second))
        }
        #expect(circuit.state == .closed(consecutiveFailures: 2))
        circuit.record(success: false, now: 2)
        #expect(circuit.state == .open(until: 32))
        #expect(circuit.decide(now: 10) == .reject(retryAfter: 22))
        #expect(circuit.decide(now: 32) == .attempt)            // the cooldown passed: one trial
        #expect(circuit.state == .halfOpen(since: 32))
        #expect(circuit.decide(now: 33) == .reject(retryAfter: 1))   // others wait for the trial
        circuit.record(success: false, now: 33)                  // the trial failed: open again
        #expect(circuit.state == .open(until: 63))
        #expect(circuit.decide(now: 63) == .attempt)
        circuit.record(success: true, now: 64)
        #expect(circuit.state == .closed(consecutiveFailures: 0))
    }

    @Test func aSuccessResetsTheCount() {
        var circuit = CircuitBreaker(threshold: 2, cooldown: 30)
        circuit.record(success: false, now: 0)
        circuit.record(success: true, now: 1)
        circuit.record(success: false, now: 2)
        #expect(circuit.state == .closed(consecutiveFailures: 1))
    }

    @Test func aTrialThatNeverReportsIsRetriedAfterTheCooldown() {
        var circuit = CircuitBreaker(threshold: 1, cooldown: 10)
        circuit.record(success: false, now: 0)
        #expect(circuit.decide(now: 10) == .attempt)
        #expect(circuit.decide(now: 15) == .reject(retryAfter: 1))
        #expect(circuit.decide(now: 20) == .attempt)
    }

    @Test func rateLimitsAndGoneDoNotCount() {
        let circuits = CircuitBreakers(threshold: 1, cooldown: 30)
        circuits.record("s", outcome: .rateLimited(RateLimit(retryAfter: 5)), now: 0)
        circuits.record("s", outcome: .gone, now: 0)
        #expect(circuits.decide("s", now: 1) == .attempt)
        circuits.record("s", outcome: .failed(status: 500, reason: "subscriber_error"), now: 1)
        #expect(circuits.decide("s", now: 2) == .reject(retryAfter: 29))
        #expect(circuits.decide("other", now: 2) == .attempt)
    }

    @Test func theAnswerNamesTheSubscriptionAndWhenToRetry() throws {
        let answer = UpstreamAnswer.unavailable("circuit_open", retryAfter: 29, subscription: "acme-app")
        #expect(answer.status == 503)
        #expect(answer.headers["Retry-After"] == "29")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        #expect(json["error"] as? String == "unavailable")
        #expect(json["reason"] as? String == "circuit_open")
        #expect(json["subscription"] as? String == "acme-app")
    }
}
