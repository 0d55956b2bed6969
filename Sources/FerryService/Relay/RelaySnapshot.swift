public import FerryCrypto
public import FerryDelivery
public import FerryEvents
public import FerryProviders

/// Everything the data plane needs, immutable: providers, connections, subscriptions,
/// the normalizer. Built from configuration and swapped whole on reload.
public struct RelaySnapshot: Sendable {
    /// A linked account at a provider, with its inbound secrets (several during rotation).
    public struct Connection: Sendable {
        public let id: String
        public let provider: ProviderDescriptor
        public let secrets: [Secret]

        public init(id: String, provider: ProviderDescriptor, secrets: [Secret]) {
            self.id = id
            self.provider = provider
            self.secrets = secrets
        }
    }

    public let catalog: ProviderCatalog
    public let connections: [String: Connection]
    /// Subscriptions per connection id, in configuration order.
    public let subscriptionsByConnection: [String: [Subscription]]
    public let normalizer: Normalizer

    public init(catalog: ProviderCatalog, connections: [Connection], subscriptions: [Subscription],
                publicBaseURL: String) {
        self.catalog = catalog
        self.connections = Dictionary(connections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byConnection: [String: [Subscription]] = [:]
        for subscription in subscriptions {
            for connection in subscription.connections.sorted() { byConnection[connection, default: []].append(subscription) }
        }
        subscriptionsByConnection = byConnection
        normalizer = Normalizer(catalog: catalog, publicBaseURL: publicBaseURL)
    }

    /// The longest signature tolerance of any provider: how long the ledger must remember.
    public var replayWindow: Int64 {
        catalog.providers.values.compactMap(\.signature.tolerance).max() ?? 300
    }
}

/// State shared by every loop for the life of the process (not replaced on reload).
public final class RelayShared: Sendable {
    public let ledger: DeliveryLedger
    public let disabled: DisabledSubscriptions
    public let circuits: CircuitBreakers
    /// Unix time in seconds; injectable so tests can replay fixtures signed in the past.
    public let clock: @Sendable () -> Int64

    public init(ledger: DeliveryLedger, disabled: DisabledSubscriptions = DisabledSubscriptions(),
                circuits: CircuitBreakers = CircuitBreakers(),
                clock: @escaping @Sendable () -> Int64 = UnixClock.now) {
        self.ledger = ledger
        self.disabled = disabled
        self.circuits = circuits
        self.clock = clock
    }
}
