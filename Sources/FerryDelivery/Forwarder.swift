public import FerryEvents
public import FerryHTTP
public import FerryIO

/// Fans one event out to its subscriptions, concurrently, over the loop's keep-alive
/// pool; collects one outcome per subscription and calls back once all are in.
///
/// Confined to one event loop (it owns the loop's ``HTTPClient`` and signers). Nothing is
/// queued: if a subscriber is slow or down, the outcome says so and the provider retries.
public final class Forwarder {
    public let loop: EventLoop
    public let client: HTTPClient
    private let disabled: DisabledSubscriptions
    private var signers: [String: OutboundSigner] = [:]
    private let userAgent = "Ferry/0.1"

    public init(loop: EventLoop, client: HTTPClient, disabled: DisabledSubscriptions) {
        self.loop = loop
        self.client = client
        self.disabled = disabled
    }

    /// Forgets cached signers (after a configuration reload changed keys).
    public func resetSigners() { signers.removeAll() }

    /// Delivers `event` to each of `subscriptions` by `deadline` (monotonic ns). `timestamp`
    /// (unix seconds) is the `webhook-timestamp`. `completion` runs once on this loop with
    /// the outcomes in the order of `subscriptions`.
    public func deliver(_ event: UnifiedEvent, to subscriptions: [Subscription], deadline: UInt64, timestamp: Int64,
                        completion: @escaping ([SubscriptionOutcome]) -> Void) {
        loop.assertInEventLoop()
        guard !subscriptions.isEmpty else { return completion([]) }
        let fanOut = FanOut(count: subscriptions.count, completion: completion)
        for (position, subscription) in subscriptions.enumerated() {
            let request: HTTPClientRequest
            do {
                request = try makeRequest(event, for: subscription, timestamp: timestamp)
            } catch {
                fanOut.record(position, SubscriptionOutcome(subscription: subscription.id, required: subscription.required,
                                                            outcome: .failed(status: nil, reason: "signing_failed")))
                continue
            }
            var ownDeadline = deadline
            if let timeout = subscription.timeout { ownDeadline = min(deadline, loop.now &+ timeout.nanoseconds) }
            client.execute(request, deadline: ownDeadline) { [disabled] result in
                let outcome = Self.outcome(of: result, timestamp: timestamp)
                if outcome == .gone { disabled.disable(subscription.id) }
                fanOut.record(position, SubscriptionOutcome(subscription: subscription.id, required: subscription.required,
                                                            outcome: outcome))
            }
        }
    }

    private func makeRequest(_ event: UnifiedEvent, for subscription: Subscription,
                             timestamp: Int64) throws -> HTTPClientRequest {
        let signer: OutboundSigner
        if let cached = signers[subscription.id] {
            signer = cached
        } else {
            signer = try OutboundSigner(keys: subscription.signingKeys)
            signers[subscription.id] = signer
        }
        var headers = HTTPHeaders()
        // CloudEvents HTTP binding §3.2.1: structured mode carries the event format's media type.
        headers.add(name: "Content-Type", value: "application/cloudevents+json; charset=utf-8")
        headers.add(name: "User-Agent", value: userAgent)
        headers.add(name: "webhook-id", value: event.id)
        headers.add(name: "webhook-timestamp", value: String(timestamp))
        headers.add(name: "webhook-signature", value: signer.signature(id: event.id, timestamp: timestamp, body: event.json))
        return HTTPClientRequest(method: .POST, url: subscription.url, headers: headers, body: event.json)
    }

    /// Classifies a subscriber's answer (DESIGN.md, upstream-answer table).
    static func outcome(of result: Result<HTTPClientResponse, HTTPClientError>, timestamp: Int64) -> DeliveryOutcome {
        switch result {
        case .success(let response):
            switch response.status {
            case 200..<300: return .delivered(status: response.status)
            case 410: return .gone
            case 429: return .rateLimited(RateLimit(headers: response.head.headers, now: timestamp))
            case 300..<400: return .failed(status: response.status, reason: "redirect_not_followed")
            default: return .failed(status: response.status, reason: "subscriber_error")
            }
        case .failure(let error):
            return error.isTimeout ? .timedOut : .failed(status: nil, reason: error.reason)
        }
    }
}

/// Collects the outcomes of one fan-out and completes once, when the last arrives.
private final class FanOut {
    private var outcomes: [SubscriptionOutcome?]
    private var remaining: Int
    private let completion: ([SubscriptionOutcome]) -> Void

    init(count: Int, completion: @escaping ([SubscriptionOutcome]) -> Void) {
        outcomes = Array(repeating: nil, count: count)
        remaining = count
        self.completion = completion
    }

    func record(_ position: Int, _ outcome: SubscriptionOutcome) {
        guard outcomes[position] == nil else { return }
        outcomes[position] = outcome
        remaining -= 1
        if remaining == 0 { completion(outcomes.compactMap { $0 }) }
    }
}
