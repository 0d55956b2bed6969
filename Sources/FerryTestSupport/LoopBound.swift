/// A mutable value confined to one event loop, carried through the `@Sendable` closures
/// that hop onto that loop (`EventLoop.execute`, server handler factories).
///
/// `@unchecked Sendable` because the compiler cannot see the confinement: every read and
/// write of ``value`` happens on the one loop that owns it, which the tests that use it
/// guarantee by only touching it from that loop's callbacks.
public final class LoopBound<Value>: @unchecked Sendable {
    /// The confined value; touch it only on its loop.
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }
}
