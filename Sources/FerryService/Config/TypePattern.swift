/// Which unified event types a subscription receives: `*`, a prefix such as `ehr.patient.*`,
/// or one exact type such as `ehr.patient.created`.
///
/// Types are lowercase segments of `[a-z0-9_]` separated by dots (DESIGN.md, "Unified event
/// types"). A prefix pattern ends at a dot, so `ehr.patient.*` matches `ehr.patient.created`
/// but not `ehr.patients.created`.
public struct TypePattern: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case everything
        /// The prefix including its final dot, e.g. `ehr.patient.`.
        case prefix(String)
        case exact(String)
    }

    private let kind: Kind

    /// Every type.
    public static let everything = TypePattern(kind: .everything)

    private init(kind: Kind) {
        self.kind = kind
    }

    /// Parses `*`, `a.b.*` or `a.b.c`; throws when the text is none of these.
    public init(_ text: String) throws(TypePatternError) {
        if text == "*" {
            kind = .everything
            return
        }
        if text.hasSuffix(".*") {
            let stem = text.dropLast(2)
            guard Self.isTypeName(stem) else { throw TypePatternError() }
            kind = .prefix(String(stem) + ".")
            return
        }
        guard Self.isTypeName(Substring(text)) else { throw TypePatternError() }
        kind = .exact(text)
    }

    /// Whether an event of `type` goes to a subscription with this pattern.
    public func matches(_ type: String) -> Bool {
        switch kind {
        case .everything: return true
        case .prefix(let prefix): return type.count > prefix.count && type.hasPrefix(prefix)
        case .exact(let exact): return type == exact
        }
    }

    public var description: String {
        switch kind {
        case .everything: return "*"
        case .prefix(let prefix): return prefix + "*"
        case .exact(let exact): return exact
        }
    }

    /// Dot-separated, non-empty segments of `[a-z0-9_]`.
    static func isTypeName(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return false }
        var segmentLength = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                segmentLength += 1
            case UInt8(ascii: "."):
                guard segmentLength > 0 else { return false }
                segmentLength = 0
            default:
                return false
            }
        }
        return segmentLength > 0
    }
}

/// A type pattern that is not `*`, `a.b.*` or an exact lowercase dotted type.
public struct TypePatternError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String {
        "must be '*', a prefix like 'ehr.patient.*', or a type like 'ehr.patient.created' (lowercase [a-z0-9_] segments separated by dots)"
    }
}
