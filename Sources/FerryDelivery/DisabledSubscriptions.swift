internal import Synchronization

/// Subscriptions switched off because their endpoint answered 410 Gone, shared by all
/// loops. A disabled subscription is skipped until the configuration is reloaded or an
/// operator re-enables it.
public final class DisabledSubscriptions: Sendable {
    private let ids = Mutex<Set<String>>([])

    public init() {}

    public func disable(_ id: String) { ids.withLock { _ = $0.insert(id) } }
    public func enable(_ id: String) { ids.withLock { _ = $0.remove(id) } }
    public func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
}
