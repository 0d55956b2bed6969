public import FerryHTTP

/// A webhook whose signature verified. Only ``ConnectionVerifier`` can make one, so the
/// normalizer and the forwarder cannot be handed a forged or unverified request
/// (STYLE.md, "Types that make wrong states unrepresentable").
public struct VerifiedDelivery: Sendable {
    public let provider: ProviderDescriptor
    public let connectionID: String
    public let headers: HTTPHeaders
    /// The body exactly as received and verified.
    public let body: [UInt8]
    /// The signed timestamp (unix seconds), for schemes that carry one.
    public let signatureTimestamp: Int64?
    /// The message id the signature covers (Standard Webhooks `webhook-id`), if any.
    public let messageID: String?

    init(provider: ProviderDescriptor, connectionID: String, headers: HTTPHeaders, body: [UInt8],
         signatureTimestamp: Int64?, messageID: String?) {
        self.provider = provider
        self.connectionID = connectionID
        self.headers = headers
        self.body = body
        self.signatureTimestamp = signatureTimestamp
        self.messageID = messageID
    }
}

/// Why a request did not verify. Every case is answered 401 upstream; the reason is for
/// metadata-only logs and never includes header values or body bytes.
public enum VerificationFailure: String, Error, Sendable {
    case missingSignature = "missing_signature"
    case malformedSignature = "malformed_signature"
    case missingTimestamp = "missing_timestamp"
    case staleTimestamp = "stale_timestamp"
    case mismatch = "signature_mismatch"
    case noUsableSecret = "no_usable_secret"
}
