/// One normalized event, ready to send: its identity and its CloudEvents 1.0 JSON
/// (structured mode, CloudEvents HTTP binding §3.2).
public struct UnifiedEvent: Sendable {
    /// `evt_<hex>`: deterministic for one provider event on one connection, so the
    /// provider's own retries reach subscribers with the same id (DESIGN.md, Outbound).
    public let id: String
    /// The unified type, e.g. `ehr.patient.updated`, or `<category>.provider_event`.
    public let type: String
    /// The provider's own event type, as read.
    public let providerEventType: String?
    public let provider: String
    public let connection: String
    /// The serialized envelope: the outbound body, byte for byte.
    public var json: [UInt8]
}

/// Why a verified request could not be normalized. Answered 400 upstream; the reason
/// never includes body bytes.
public struct NormalizationError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable { case invalidJSON, unknownProvider }
    private let code: Code
    /// The body is not a JSON text (RFC 8259) although the provider sends JSON.
    public static let invalidJSON = NormalizationError(code: .invalidJSON)
    /// The delivery's provider is not in the normalizer's catalog.
    public static let unknownProvider = NormalizationError(code: .unknownProvider)

    /// The short reason for the upstream JSON answer.
    public var reason: String {
        switch code {
        case .invalidJSON: "invalid_json"
        case .unknownProvider: "unknown_provider"
        }
    }

    public var description: String { reason }
}
