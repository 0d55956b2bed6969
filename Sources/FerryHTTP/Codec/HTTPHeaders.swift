// Header fields in arrival order with names as received: a relay forwards and signs exact
// bytes, so nothing is canonicalised or merged (RFC 9110 §5.3: order of same-name lines matters).

/// Ordered HTTP field lines (name, value); lookups ignore ASCII case in names (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)

    /// One field line. A struct rather than the `Element` tuple: arrays of a concrete struct
    /// are copied and destroyed by specialized code, arrays of tuples through generic
    /// value witnesses on every request.
    @usableFromInline
    struct Field: Sendable {
        @usableFromInline var name: String
        @usableFromInline var value: String

        @usableFromInline
        init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    @usableFromInline
    var fields: [Field]

    public init() { fields = [] }

    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> Iterator { Iterator(base: fields.makeIterator()) }

    /// Yields `(name, value)` pairs in arrival order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: IndexingIterator<[Field]>

        @usableFromInline
        init(base: IndexingIterator<[Field]>) { self.base = base }

        @inlinable
        public mutating func next() -> Element? {
            guard let field = base.next() else { return nil }
            return (name: field.name, value: field.value)
        }
    }

    /// Appends a field line, keeping any existing lines with the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces the first line named `name` and drops the others, or appends one if there is none.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.namesEqual($0.name, name) }) else {
            fields.append(Field(name: name, value: value))
            return
        }
        fields[first] = Field(name: name, value: value)
        var index = fields.count - 1
        while index > first {
            if Self.namesEqual(fields[index].name, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every line named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// The first value for `name`, or nil.
    public subscript(name: String) -> String? {
        for field in fields where Self.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// Every value for `name`, in arrival order.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesEqual($0.name, name) }
    }

    /// ASCII case-insensitive comparison; field names are tokens, so no Unicode folding applies.
    static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { l in
            rhs.withUTF8 { r in
                guard l.count == r.count else { return false }
                for i in 0..<l.count where l[i] != r[i] {
                    let a = l[i], b = r[i]
                    guard a | 0x20 == b | 0x20, (a | 0x20) &- 0x61 < 26 else { return false }
                }
                return true
            }
        }
    }
}
