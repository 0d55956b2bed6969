public import FerryCrypto

/// One linked account at a provider: webhooks arrive at `/hooks/{provider}/{id}` and are
/// verified with any of `secrets`.
public struct ConnectionConfiguration: Sendable, CustomStringConvertible {
    /// 1–64 characters of `[A-Za-z0-9._-]`, unique among connections.
    public var id: String
    /// The provider's folder name under `providersPath`.
    public var provider: String
    /// The shared secrets as given (the bytes of the resolved text); during rotation the old
    /// and the new one are both accepted. The provider's signature scheme decides how to read them.
    public var secrets: [Secret]

    public init(id: String, provider: String, secrets: [Secret]) {
        self.id = id
        self.provider = provider
        self.secrets = secrets
    }

    public var description: String {
        "Connection(id: \(id), provider: \(provider), secrets: \(secrets.count) <redacted>)"
    }
}
