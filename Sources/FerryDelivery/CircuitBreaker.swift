internal import Synchronization

/// One subscription's circuit: after `threshold` failures in a row it opens for `cooldown`
/// seconds, during which deliveries are not attempted and the provider is told 503 with
/// `Retry-After` (DESIGN.md, upstream-answer table); then one trial delivery decides.
///
/// A value-type state machine (STYLE.md): events in, decisions out, no clock or I/O inside.
public struct CircuitBreaker: Sendable, Equatable {
    /// Where the circuit is.
    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        /// Open until this unix time.
        case open(until: Int64)
        /// The cooldown passed and one trial delivery has been under way since this unix time.
        case halfOpen(since: Int64)
    }

    /// What to do with a delivery now.
    public enum Decision: Sendable, Equatable {
        case attempt
        /// Do not attempt; retry after this many seconds.
        case reject(retryAfter: Int)
    }

    public private(set) var state: State = .closed(consecutiveFailures: 0)
    public let threshold: Int
    public let cooldown: Int64

    public init(threshold: Int = 5, cooldown: Int64 = 30) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// Asks whether to deliver at `now` (unix seconds).
    public mutating func decide(now: Int64) -> Decision {
        switch state {
        case .closed:
            return .attempt
        case .open(let until) where now >= until:
            state = .halfOpen(since: now)
            return .attempt
        case .open(let until):
            return .reject(retryAfter: Int(max(1, until - now)))
        case .halfOpen(let since) where now - since >= cooldown:
            // The trial never reported back (its request was not sent after all): try again.
            state = .halfOpen(since: now)
            return .attempt
        case .halfOpen:
            // One trial at a time; the others wait for its verdict.
            return .reject(retryAfter: 1)
        }
    }

    /// Records a delivery's outcome at `now`.
    public mutating func record(success: Bool, now: Int64) {
        if success {
            state = .closed(consecutiveFailures: 0)
            return
        }
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now + cooldown) : .closed(consecutiveFailures: failures + 1)
        case .halfOpen:
            state = .open(until: now + cooldown)
        case .open:
            break
        }
    }

    /// Whether an outcome counts against the subscriber's health. A 429 is the subscriber
    /// working as designed (rate limiting has its own answer); a 410 disables it outright.
    public static func counts(_ outcome: DeliveryOutcome) -> Bool? {
        switch outcome {
        case .delivered: true
        case .failed, .timedOut: false
        case .rateLimited, .gone: nil
        }
    }
}

/// The circuits of every subscription, shared by all loops (DESIGN.md, "The engine":
/// circuit-breaker state is one of the few shared things, behind a `Mutex`).
public final class CircuitBreakers: Sendable {
    private let circuits = Mutex<[String: CircuitBreaker]>([:])
    private let threshold: Int
    private let cooldown: Int64

    public init(threshold: Int = 5, cooldown: Int64 = 30) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// The decision for `subscription` at `now`.
    public func decide(_ subscription: String, now: Int64) -> CircuitBreaker.Decision {
        circuits.withLock { circuits in
            guard var circuit = circuits[subscription] else { return .attempt }
            let decision = circuit.decide(now: now)
            circuits[subscription] = circuit
            return decision
        }
    }

    /// Records `outcome` for `subscription`.
    public func record(_ subscription: String, outcome: DeliveryOutcome, now: Int64) {
        guard let success = CircuitBreaker.counts(outcome) else { return }
        circuits.withLock { circuits in
            if success, circuits[subscription] == nil { return }   // healthy and never failed: nothing to keep
            var circuit = circuits[subscription] ?? CircuitBreaker(threshold: threshold, cooldown: cooldown)
            circuit.record(success: success, now: now)
            if circuit.state == .closed(consecutiveFailures: 0) {
                circuits[subscription] = nil
            } else {
                circuits[subscription] = circuit
            }
        }
    }
}
