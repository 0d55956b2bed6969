public import FerryIO

/// The relay's whole configuration, as loaded by ``ConfigLoader`` from a JSON file.
///
/// Its description and mirror never show a secret or a subscriber URL's path or query.
public struct RelayConfiguration: Sendable, CustomStringConvertible {
    /// Addresses to listen on; `[127.0.0.1:8080]` when the file names none.
    public var listen: [SocketAddress]
    /// The absolute http(s) URL providers reach Ferry at, without trailing slash, query or
    /// fragment; webhook URLs handed to providers are `<publicBaseURL>/hooks/{provider}/{connection}`.
    public var publicBaseURL: String
    /// Allow subscribers on loopback, private, link-local and similar addresses (tests, one-host setups).
    public var allowPrivateSubscribers: Bool
    /// The provider descriptors folder. A relative `providersPath` in the file is resolved
    /// against the config file's directory, so this is the path to use as it is.
    public var providersPath: String
    /// Event loops (1...256); nil means one per available core.
    public var loops: Int?
    /// Accounts at providers that send webhooks to Ferry.
    public var connections: [ConnectionConfiguration]
    /// Customer apps that receive unified events.
    public var subscriptions: [SubscriptionConfiguration]

    /// Where the relay listens when the file names nothing: `127.0.0.1:8080`.
    public static var defaultListen: [SocketAddress] {
        // Cannot fail: a numeric literal and an in-range port.
        (try? SocketAddress(host: "127.0.0.1", port: 8080)).map { [$0] } ?? []
    }

    /// The providers folder when the file names none (relative to the config file's directory).
    public static let defaultProvidersPath = "Providers"

    public init(listen: [SocketAddress], publicBaseURL: String, allowPrivateSubscribers: Bool,
                providersPath: String, loops: Int?, connections: [ConnectionConfiguration],
                subscriptions: [SubscriptionConfiguration]) {
        self.listen = listen
        self.publicBaseURL = publicBaseURL
        self.allowPrivateSubscribers = allowPrivateSubscribers
        self.providersPath = providersPath
        self.loops = loops
        self.connections = connections
        self.subscriptions = subscriptions
    }

    public var description: String {
        "RelayConfiguration(listen: \(listen), publicBaseURL: \(publicBaseURL), "
            + "allowPrivateSubscribers: \(allowPrivateSubscribers), providersPath: \(providersPath), "
            + "loops: \(loops.map(String.init) ?? "auto"), connections: \(connections), subscriptions: \(subscriptions))"
    }
}
