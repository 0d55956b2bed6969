/// One provider as declared in `Providers/<id>/provider.json` (format: Providers/README.md).
///
/// Built only by ``ProviderCatalog``, which validates every field first, so code that
/// holds a descriptor can rely on it: known algorithms, well-formed pointers, sane limits.
/// An immutable class: it travels with every verified delivery, and passing a reference
/// costs one retain where copying a struct of this size costs one per field.
public final class ProviderDescriptor: Sendable {
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

    init(id: String, displayName: String, category: String, docs: [String], signature: SignatureScheme,
         handshakes: [Handshake], contentTypes: [String], event: EventFields, mappings: [Mapping],
         providerTimeout: Duration) {
        self.id = id
        self.displayName = displayName
        self.category = category
        self.docs = docs
        self.signature = signature
        self.handshakes = handshakes
        self.contentTypes = contentTypes
        self.event = event
        self.mappings = mappings
        self.providerTimeout = providerTimeout
    }

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
        /// Unified field path (dot-separated) → where its value is read, in declared order.
        public let fields: [(path: [String], source: ValueSource)]
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
    /// The string `source` finds, cut at `separator`, keeping the piece at `index`.
    indirect case split(ValueSource, separator: String, index: Int)
    /// The first of these sources that finds something.
    indirect case firstOf([ValueSource])

    /// A piece of a template.
    public enum TemplatePart: Sendable, Hashable {
        case literal(String)
        case pointer(String)
    }
}

/// Where the event time is read, each candidate with its own format; the first that finds a value wins.
public struct TimeSource: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable { case rfc3339, unix, unixMilliseconds = "unix-ms" }
    public let candidates: [(source: ValueSource, format: Format)]

    public static func == (a: TimeSource, b: TimeSource) -> Bool {
        a.candidates.map(\.source) == b.candidates.map(\.source) && a.candidates.map(\.format) == b.candidates.map(\.format)
    }

    public func hash(into hasher: inout Hasher) {
        for candidate in candidates {
            hasher.combine(candidate.source)
            hasher.combine(candidate.format)
        }
    }
}

/// A verification request the provider sends that Ferry answers itself instead of relaying.
public enum Handshake: Sendable, Hashable {
    /// `GET ?<parameter>=<value>` → 200 with `<value>` as the body (e.g. DrChrono's `msg`).
    case echoQuery(method: String, parameter: String)
    /// A JSON body whose `pointer` equals `value` → 200 `{"challenge": <body at echo>}`.
    case jsonChallenge(whenPointer: String, equals: String, echoPointer: String)
}
