public import FerryCrypto
public import FerryHTTP

/// A customer endpoint that receives unified events, as the forwarder sees it.
public struct Subscription: Sendable {
    public let id: String
    public let url: HTTPURL
    /// Standard Webhooks signing keys (decoded `whsec_` bytes). The first signs; during a
    /// rotation every key signs, so old and new verifiers both accept (several `v1,` entries).
    public let signingKeys: [Secret]
    /// Connections whose events this subscription receives.
    public let connections: Set<String>
    /// Whether this subscription wants an event of the given unified type.
    public let wants: @Sendable (String) -> Bool
    /// A required subscription's failure fails the upstream answer; an optional one's does not.
    public let required: Bool
    /// This subscription's own deadline, within the provider's.
    public let timeout: Duration?

    public init(id: String, url: HTTPURL, signingKeys: [Secret], connections: Set<String>,
                wants: @escaping @Sendable (String) -> Bool, required: Bool = true, timeout: Duration? = nil) {
        self.id = id
        self.url = url
        self.signingKeys = signingKeys
        self.connections = connections
        self.wants = wants
        self.required = required
        self.timeout = timeout
    }
}
