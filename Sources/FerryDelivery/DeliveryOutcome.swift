/// What happened to one event at one subscription.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The subscriber answered 2xx.
    case delivered(status: Int)
    /// The subscriber answered 429; its rate-limit fields, normalized.
    case rateLimited(RateLimit)
    /// The subscriber answered 410: this subscription is now disabled (never forwarded upstream
    /// as 410, which would make many providers drop the whole endpoint).
    case gone
    /// Any other status, or a transport failure (`status` nil).
    case failed(status: Int?, reason: String)
    /// No complete answer inside the deadline.
    case timedOut

    public var isSuccess: Bool {
        if case .delivered = self { return true }
        return false
    }
}

/// The outcome of one subscription in a fan-out.
public struct SubscriptionOutcome: Sendable, Hashable {
    public let subscription: String
    public let required: Bool
    public let outcome: DeliveryOutcome

    public init(subscription: String, required: Bool, outcome: DeliveryOutcome) {
        self.subscription = subscription
        self.required = required
        self.outcome = outcome
    }
}
