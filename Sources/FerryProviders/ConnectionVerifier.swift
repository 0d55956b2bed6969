public import FerryCrypto
public import FerryHTTP

/// Checks requests for one connection against its secrets, per the provider's scheme.
///
/// Holds keyed HMAC contexts (re-initialized per request, PLATFORM-NOTES "Speed"), so it
/// is confined to one event loop: each loop builds its own. Every comparison is
/// constant-time over the exact raw body received. Several secrets (rotation) are tried
/// in turn; any one verifying accepts the request.
public final class ConnectionVerifier {
    public let provider: ProviderDescriptor
    public let connectionID: String
    let keys: [Key]

    enum Key {
        case mac(HMACKey)
        case ed25519(Ed25519PublicKey)
        case token(Secret)
    }

    /// Builds the keys for `secrets`. Secrets that cannot serve this scheme (a Standard
    /// Webhooks secret that is not `whsec_`/`whpk_` base64) are skipped and counted in
    /// ``unusableSecretCount`` so configuration checks can report them.
    public init(provider: ProviderDescriptor, connectionID: String, secrets: [Secret]) {
        self.provider = provider
        self.connectionID = connectionID
        var keys: [Key] = []
        var unusable = 0
        for secret in secrets {
            if let key = Self.key(for: provider.signature, secret: secret) { keys.append(key) } else { unusable += 1 }
        }
        self.keys = keys
        self.unusableSecretCount = unusable
    }

    /// Secrets that could not be turned into keys for this scheme.
    public let unusableSecretCount: Int

    private static func key(for scheme: SignatureScheme, secret: Secret) -> Key? {
        switch scheme {
        case .hmac(let parameters):
            return (try? HMACKey(key: secret, hash: parameters.algorithm.hashFunction)).map(Key.mac)
        case .timestampedHMAC(let parameters):
            return (try? HMACKey(key: secret, hash: parameters.mac.algorithm.hashFunction)).map(Key.mac)
        case .standardWebhooks:
            return StandardWebhooksKey.decode(secret)
        case .staticToken:
            return .token(secret)
        }
    }

    /// Verifies `body` and `headers` at time `now` (unix seconds).
    public func verify(headers: HTTPHeaders, body: [UInt8], now: Int64) -> Result<VerifiedDelivery, VerificationFailure> {
        guard !keys.isEmpty else { return .failure(.noUsableSecret) }
        let outcome: Result<(timestamp: Int64?, messageID: String?), VerificationFailure>
        switch provider.signature {
        case .hmac(let parameters):
            outcome = verifyBodyMAC(parameters, headers: headers, body: body)
        case .timestampedHMAC(let parameters):
            outcome = verifyTimestamped(parameters, headers: headers, body: body, now: now)
        case .standardWebhooks(let prefix, let tolerance):
            outcome = verifyStandardWebhooks(prefix: prefix, tolerance: tolerance, headers: headers, body: body, now: now)
        case .staticToken(let header, let prefix):
            outcome = verifyToken(header: header, prefix: prefix, headers: headers)
        }
        return outcome.map { found in
            VerifiedDelivery(provider: provider, connectionID: connectionID, headers: headers, body: body,
                             signatureTimestamp: found.timestamp, messageID: found.messageID)
        }
    }
}
