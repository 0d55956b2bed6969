internal import FerryJSON
internal import FerryProviders

/// A descriptor with its JSON Pointers parsed once at load, so the hot path only looks up.
struct CompiledProvider: Sendable {
    let descriptor: ProviderDescriptor
    let id: CompiledSource?
    let type: CompiledSource?
    let time: [(source: CompiledSource, format: TimeSource.Format)]
    let subject: CompiledSource?
    /// Field trees per mapping, in the descriptor's mapping order.
    let fieldTrees: [FieldTree]

    init(_ descriptor: ProviderDescriptor) {
        self.descriptor = descriptor
        id = descriptor.event.id.map(CompiledSource.init)
        type = descriptor.event.type.map(CompiledSource.init)
        time = descriptor.event.time?.candidates.map { (CompiledSource($0.source), $0.format) } ?? []
        subject = descriptor.event.subject.map(CompiledSource.init)
        fieldTrees = descriptor.mappings.map { FieldTree(fields: $0.fields) }
    }
}

/// A ``ValueSource`` with its pointers parsed.
enum CompiledSource: Sendable {
    case pointer(JSONPointer)
    case header(String)
    case template([Part])
    case constant(String)
    indirect case split(CompiledSource, separator: String, index: Int)
    indirect case firstOf([CompiledSource])

    enum Part: Sendable {
        case literal(String)
        case pointer(JSONPointer)
    }

    init(_ source: ValueSource) {
        switch source {
        case .pointer(let text): self = Self.compile(text).map(CompiledSource.pointer) ?? .constant("")
        case .header(let name): self = .header(name)
        case .constant(let value): self = .constant(value)
        case .split(let inner, let separator, let index):
            self = .split(CompiledSource(inner), separator: separator, index: index)
        case .firstOf(let sources):
            self = .firstOf(sources.map(CompiledSource.init))
        case .template(let parts):
            self = .template(parts.map { part in
                switch part {
                case .literal(let text): .literal(text)
                case .pointer(let text): Self.compile(text).map(Part.pointer) ?? .literal("")
                }
            })
        }
    }

    /// Descriptors were validated at load, so a pointer that fails here cannot happen; the
    /// fallback keeps the type total without a crash path.
    static func compile(_ text: String) -> JSONPointer? {
        try? JSONPointer(text)
    }
}

/// Unified field paths arranged as a tree, so nested objects are written in one pass.
struct FieldTree: Sendable {
    /// Children in first-declared order: a leaf holds a pointer, an inner node a subtree.
    let children: [(name: String, node: Node)]

    indirect enum Node: Sendable {
        /// A value copied as it is (a plain pointer keeps numbers, objects and arrays whole).
        case leaf(CompiledSource)
        case tree(FieldTree)
    }

    init(fields: [(path: [String], source: ValueSource)]) {
        var order: [String] = []
        var leaves: [String: CompiledSource] = [:]
        var nested: [String: [(path: [String], source: ValueSource)]] = [:]
        for field in fields {
            guard let head = field.path.first else { continue }
            if !order.contains(head) { order.append(head) }
            if field.path.count == 1 {
                leaves[head] = CompiledSource(field.source)
            } else {
                nested[head, default: []].append((Array(field.path.dropFirst()), field.source))
            }
        }
        children = order.compactMap { name in
            // The descriptor parser refuses a name used both as a value and as an object.
            if let subfields = nested[name] { return (name, .tree(FieldTree(fields: subfields))) }
            return leaves[name].map { (name, .leaf($0)) }
        }
    }
}
