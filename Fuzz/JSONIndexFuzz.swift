// libFuzzer entry for FerryJSON: index arbitrary bytes; when they are valid JSON, walk every
// value, look up a few pointers, and check that copying (JSONWriter.raw) and re-escaping
// (JSONWriter.string) produce text the index accepts and reads back unchanged.
// Built by Fuzz/fuzz-json.sh together with Sources/FerryJSON (one module, no package).

private let pointers: [JSONPointer] = ["", "/0", "/data/object/id", "/foo/1", "/a~1b", "/", "/0/0/0"].compactMap {
    try? JSONPointer($0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONIndex(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let index = try? JSONIndex(bytes, maxDepth: 32) else { return 0 }
    check(index, index.root, bytes, budget: 10_000)
    for pointer in pointers {
        guard let ref = index.lookup(pointer, in: bytes) else { continue }
        var writer = JSONWriter()
        writer.beginArray()
        writer.raw(UnsafeRawBufferPointer(rebasing: bytes[index.range(of: ref)]))
        writer.raw(UnsafeRawBufferPointer(rebasing: bytes[index.range(of: ref)]))
        writer.endArray()
        writer.bytes.withUnsafeBytes { copy in
            guard let copied = try? JSONIndex(copy) else { fatalError("raw copy is not valid JSON") }
            precondition(copied.count(of: copied.root) == 2, "raw copy lost an element")
            let first = copied.element(0, of: copied.root).map { copied.range(of: $0).count }
            precondition(first == index.range(of: ref).count, "raw copy changed the value")
        }
    }
    return 0
}

/// Visits values depth-first; every string must survive JSONWriter.string and re-indexing.
private func check(_ index: JSONIndex, _ ref: JSONValueRef, _ bytes: UnsafeRawBufferPointer, budget: Int) {
    var remaining = budget
    var stack = [ref]
    while let next = stack.popLast(), remaining > 0 {
        remaining -= 1
        switch index.kind(of: next) {
        case .object:
            for member in index.members(of: next) {
                roundTrip(index, member.key, bytes)
                stack.append(member.value)
            }
        case .array:
            stack.append(contentsOf: index.elements(of: next))
        case .string:
            roundTrip(index, next, bytes)
        case .number:
            _ = (index.int64(next, in: bytes), index.double(next, in: bytes))
        case .bool, .null:
            _ = index.bool(next, in: bytes)
        }
    }
}

private func roundTrip(_ index: JSONIndex, _ ref: JSONValueRef, _ bytes: UnsafeRawBufferPointer) {
    guard let text = index.string(ref, in: bytes) else { fatalError("string token did not unescape") }
    var writer = JSONWriter()
    writer.string(text)
    writer.bytes.withUnsafeBytes { written in
        guard let again = try? JSONIndex(written) else { fatalError("escaped string is not valid JSON") }
        precondition(again.string(again.root, in: written) == text, "string changed in a round trip")
    }
}
