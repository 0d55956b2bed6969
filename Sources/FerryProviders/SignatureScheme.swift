internal import FerryCrypto

/// How a provider signs its webhooks: one of the generic kinds of Providers/README.md.
///
/// Each kind is written once and parameterized by the descriptor; adding a provider that
/// fits a kind is data, not code.
public enum SignatureScheme: Sendable, Hashable {
    /// HMAC over the raw body, in one header.
    case hmac(HMACParameters)
    /// HMAC over a string built from a timestamp and the body, with a freshness window.
    case timestampedHMAC(TimestampedParameters)
    /// Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
    case standardWebhooks(headerPrefix: String, tolerance: Int64)
    /// A shared token in a header.
    case staticToken(header: String, prefix: String)

    /// Parameters shared by the HMAC kinds.
    public struct HMACParameters: Sendable, Hashable {
        public let header: String
        public let algorithm: Algorithm
        public let encoding: Encoding
        public let prefix: String
    }

    /// Parameters of a timestamped HMAC.
    public struct TimestampedParameters: Sendable, Hashable {
        public let mac: HMACParameters
        public let format: Format
        /// Signed bytes: literal pieces around `{timestamp}` and `{body}`.
        public let signedPayload: [PayloadPart]
        public let tolerance: Int64

        /// Where the timestamp and signatures are.
        public enum Format: Sendable, Hashable {
            /// `t=…,v1=…` in the signature header.
            case list(timestampKey: String, signatureKey: String)
            /// The timestamp in its own header.
            case separate(timestampHeader: String)
        }
    }

    /// A piece of a signed-payload template.
    public enum PayloadPart: Sendable, Hashable {
        case literal([UInt8])
        case timestamp
        case body
    }

    /// The MAC's hash function.
    public enum Algorithm: String, Sendable, Hashable {
        case sha1, sha256, sha512

        var hashFunction: HashFunction {
            switch self {
            case .sha1: .sha1
            case .sha256: .sha256
            case .sha512: .sha512
            }
        }
    }

    /// How the MAC is written in the header.
    public enum Encoding: String, Sendable, Hashable { case hex, base64, base64url }

    /// The descriptor's `kind` name.
    public var kindName: String {
        switch self {
        case .hmac: "hmac"
        case .timestampedHMAC: "timestamped-hmac"
        case .standardWebhooks: "standard-webhooks"
        case .staticToken: "static-token"
        }
    }

    /// The freshness window, for kinds that carry a timestamp.
    public var tolerance: Int64? {
        switch self {
        case .timestampedHMAC(let parameters): parameters.tolerance
        case .standardWebhooks(_, let tolerance): tolerance
        case .hmac, .staticToken: nil
        }
    }
}
