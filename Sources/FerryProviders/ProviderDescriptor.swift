/// One provider as declared in `Providers/<id>/provider.json` (format: Providers/README.md).
///
/// Built only by ``ProviderCatalog``, which validates every field first, so code that
/// holds a descriptor can rely on it: known algorithms, well-formed pointers, sane limits.
public struct ProviderDescriptor: Sendable {
    public let id: String
    public let displayName: String
    public let category: String
    public let docs: [String]
    public let signature: SignatureScheme
    public let handshakes: [Handshake]
    /// Media types accepted (lowercased, without parameters).
    public let contentTypes: [String]
    public let event: EventFields
    public let mappings: [Mapping]
    /// How long the provider waits for an answer before it gives up and retries.
    public let providerTimeout: Duration

    /// Where the event's identity is read from.
    public struct EventFields: Sendable {
        public let id: ValueSource?
        public let type: ValueSource?
        public let time: TimeSource?
        public let subject: ValueSource?
    }

    /// A provider event type mapped to a unified type, with its field map.
    public struct Mapping: Sendable {
        public let providerType: String
        /// Applies only when this request header is present (e.g. a deletion marker).
        public let whenHeaderPresent: String?
        public let unifiedType: String
        /// Unified field path (dot-separated) → JSON Pointer into the provider body, in declared order.
        public let fields: [(path: [String], pointer: String)]
    }

    /// The first mapping for `providerType` whose header condition holds.
    public func mapping(for providerType: String, hasHeader: (String) -> Bool) -> Mapping? {
        mappings.first { mapping in
            mapping.providerType == providerType && (mapping.whenHeaderPresent.map(hasHeader) ?? true)
        }
    }
}

/// Where one value is read: a JSON Pointer into the body, a header, a template, or a constant.
public enum ValueSource: Sendable, Hashable {
    case pointer(String)
    case header(String)
    /// Literal text with `{<json pointer>}` placeholders.
    case template([TemplatePart])
    case constant(String)

    /// A piece of a template.
    public enum TemplatePart: Sendable, Hashable {
        case literal(String)
        case pointer(String)
    }
}

/// The event time's source and how its value is written.
public struct TimeSource: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable { case rfc3339, unix, unixMilliseconds = "unix-ms" }
    public let source: ValueSource
    public let format: Format
}

/// A verification request the provider sends that Ferry answers itself instead of relaying.
public enum Handshake: Sendable, Hashable {
    /// `GET ?<parameter>=<value>` → 200 with `<value>` as the body (e.g. DrChrono's `msg`).
    case echoQuery(method: String, parameter: String)
    /// A JSON body whose `pointer` equals `value` → 200 `{"challenge": <body at echo>}`.
    case jsonChallenge(whenPointer: String, equals: String, echoPointer: String)
}
