internal import FerryJSON
internal import FerryProviders
internal import FerryHTTP

/// Reads descriptor sources from one request: its indexed body and its headers.
struct SourceReader {
    let index: JSONIndex
    let body: UnsafeRawBufferPointer
    /// The request's fields, for header sources (not the whole delivery: this struct is
    /// passed around per field, and copying a delivery retains each of its parts).
    let headers: HTTPHeaders

    /// The source's value as text: strings unescaped, numbers and booleans as written;
    /// objects, arrays and null count as absent (Providers/README.md, Sources).
    func text(_ source: CompiledSource) -> String? {
        switch source {
        case .pointer(let pointer):
            return index.lookup(pointer, in: body).flatMap(scalarText)
        case .header(let name):
            return headers[name]
        case .constant(let value):
            return value
        case .split(let inner, let separator, let position):
            guard let whole = text(inner) else { return nil }
            let pieces = whole.split(separator: separator, omittingEmptySubsequences: false)
            guard position < pieces.count, !pieces[position].isEmpty else { return nil }
            return String(pieces[position])
        case .firstOf(let sources):
            for candidate in sources {
                if let value = text(candidate) { return value }
            }
            return nil
        case .template(let parts):
            var result = ""
            for part in parts {
                switch part {
                case .literal(let text): result += text
                case .pointer(let pointer):
                    // A template with a missing piece would produce a misleading subject: drop it whole.
                    guard let value = index.lookup(pointer, in: body).flatMap(scalarText) else { return nil }
                    result += value
                }
            }
            return result
        }
    }

    private func scalarText(_ ref: JSONValueRef) -> String? {
        switch index.kind(of: ref) {
        case .string:
            return index.string(ref, in: body)
        case .number, .bool:
            return String(decoding: UnsafeRawBufferPointer(rebasing: body[index.range(of: ref)]), as: UTF8.self)
        case .object, .array, .null:
            return nil
        }
    }

    /// Writes the mapped fields as a JSON object; fields whose source finds nothing are left out.
    func write(_ tree: FieldTree, into writer: inout JSONWriter) {
        writer.beginObject()
        for (name, node) in tree.children {
            switch node {
            case .leaf(let source):
                guard let value = leafValue(source) else { continue }
                writer.key(name)
                switch value {
                case .raw(let range): writer.raw(UnsafeRawBufferPointer(rebasing: body[range]))
                case .text(let text): writer.string(text)
                }
            case .tree(let subtree):
                guard hasAnyValue(subtree) else { continue }
                writer.key(name)
                write(subtree, into: &writer)
            }
        }
        writer.endObject()
    }

    private enum LeafValue {
        /// A JSON value of the body, copied byte for byte.
        case raw(Range<Int>)
        case text(String)
    }

    /// A plain pointer copies the JSON value as it is (null counts as absent); any other
    /// source yields a string.
    private func leafValue(_ source: CompiledSource) -> LeafValue? {
        if case .pointer(let pointer) = source {
            guard let ref = index.lookup(pointer, in: body), index.kind(of: ref) != .null else { return nil }
            return .raw(index.range(of: ref))
        }
        return text(source).map(LeafValue.text)
    }

    private func hasAnyValue(_ tree: FieldTree) -> Bool {
        tree.children.contains { _, node in
            switch node {
            case .leaf(let source): leafValue(source) != nil
            case .tree(let subtree): hasAnyValue(subtree)
            }
        }
    }
}
