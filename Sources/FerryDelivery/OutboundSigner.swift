public import FerryCrypto

/// Signs outbound events per Standard Webhooks (standardwebhooks.com, "Signature scheme"):
/// `webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, one
/// space-separated entry per key, so a rotation can keep old and new keys valid.
///
/// Holds keyed HMAC contexts, so it is confined to one loop (one per subscription per loop).
public final class OutboundSigner {
    private let keys: [HMACKey]

    public init(keys: [Secret]) throws {
        self.keys = try keys.map { try HMACKey(key: $0, hash: .sha256) }
    }

    /// The `webhook-signature` value for `body` sent as message `id` at `timestamp`.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        let idBytes = Array(id.utf8)
        let timestampBytes = Array(String(timestamp).utf8)
        let dot: [UInt8] = [0x2E]
        var value: [UInt8] = []
        value.reserveCapacity(keys.count * 48)
        var mac = [UInt8](repeating: 0, count: 32)
        for key in keys {
            if !value.isEmpty { value.append(0x20) }
            key.begin()
            key.update(idBytes)
            key.update(dot)
            key.update(timestampBytes)
            key.update(dot)
            body.withUnsafeBytes { key.update($0) }
            _ = mac.withUnsafeMutableBytes { key.finish(into: $0) }
            value.append(contentsOf: "v1,".utf8)
            mac.withUnsafeBytes { Base64.encode($0, into: &value) }
        }
        return String(decoding: value, as: UTF8.self)
    }
}
