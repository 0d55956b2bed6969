public import FerryCrypto
public import FerryHTTP

/// One customer app that receives unified events, signed per Standard Webhooks.
///
/// Its description and mirror (`dump`) show the URL's origin only: a path or query may carry a token.
public struct SubscriptionConfiguration: Sendable, CustomStringConvertible, CustomReflectable {
    /// 1–64 characters of `[A-Za-z0-9._-]`, unique among subscriptions.
    public var id: String
    /// Where events are POSTed.
    public var url: HTTPURL
    /// Decoded key bytes of each `whsec_<base64>` secret (Standard Webhooks): the first signs,
    /// and during rotation every one adds a signature to `webhook-signature`.
    public var secrets: [Secret]
    /// Ids of the connections whose events this subscription receives.
    public var connections: [String]
    /// Which unified event types it receives; `[*]` when the file names none.
    public var types: [TypePattern]
    /// Whether the provider is answered with a failure when this delivery fails (default true).
    public var required: Bool
    /// This subscriber's own deadline (`timeoutMs`, 1...60000); nil means the provider's.
    public var timeout: Duration?

    public init(id: String, url: HTTPURL, secrets: [Secret], connections: [String],
                types: [TypePattern] = [.everything], required: Bool = true, timeout: Duration? = nil) {
        self.id = id
        self.url = url
        self.secrets = secrets
        self.connections = connections
        self.types = types
        self.required = required
        self.timeout = timeout
    }

    /// Whether an event of `type` is wanted.
    public func wants(type: String) -> Bool {
        types.contains { $0.matches(type) }
    }

    public var description: String {
        "Subscription(id: \(id), url: \(url.origin), secrets: \(secrets.count) <redacted>, "
            + "connections: \(connections), types: \(types), required: \(required), "
            + "timeout: \(timeout.map { "\($0)" } ?? "provider's"))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "id": id, "url": url.origin, "secrets": "\(secrets.count) <redacted>", "connections": connections,
            "types": types.map(\.description), "required": required, "timeout": timeout as Any,
        ], displayStyle: .struct)
    }
}
