internal import Synchronization

/// A thread-safe counter that counts down to zero (e.g. "the last of N loops finished").
public final class Countdown: Sendable {
    private let value: Atomic<Int>

    public init(_ start: Int) { value = Atomic(start) }

    /// Subtracts one and returns what is left.
    public func decrement() -> Int { value.subtract(1, ordering: .acquiringAndReleasing).newValue }
}
