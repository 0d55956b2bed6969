import FerryJSON
import Testing

private let seeds: [String] = [
    #"{"type":"invoice.paid","data":{"object":{"id":"in_1","amount":1200,"lines":[{"a":1.5e3},null,true]}}}"#,
    #"[{"k\"\\":"\ud83d\ude00 caf\u00e9"},-0.0,[],{},"é€😀"]"#,
    #"{"": {"a/b": [0, 1, 2, {"m~n": "x"}]}}"#,
]

private let pointers = ["", "/type", "/data/object/lines/0/a", "/0/k\"\\", "/a~1b/3/m~0n", "/2"]

/// Indexing any mutation of a valid document either throws or yields a usable index: never a crash.
@Test("random byte mutations never crash the index", arguments: 0..<seeds.count)
func mutationsNeverCrash(seedIndex: Int) throws {
    var random = SplitMix64(state: 0xF3_22 &+ UInt64(seedIndex))
    let original = Array(seeds[seedIndex].utf8)
    let parsedPointers = try pointers.map { try JSONPointer($0) }
    var accepted = 0
    for _ in 0..<2000 {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch random.next() % 4 {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.remove(at: position)
            case 2: bytes.insert(Array(#"{}[]",:\u0"#.utf8).randomElement(using: &random) ?? 0, at: position)
            default: bytes = Array(bytes[..<position])
            }
            if bytes.isEmpty { break }
        }
        guard indexError(bytes) == nil else { continue }
        accepted += 1
        try withIndex(bytes) { index, raw in
            for pointer in parsedPointers {
                guard let ref = index.lookup(pointer, in: raw) else { continue }
                _ = (index.string(ref, in: raw), index.int64(ref, in: raw), index.double(ref, in: raw))
                var writer = JSONWriter()
                writer.beginArray()
                writer.raw(UnsafeRawBufferPointer(rebasing: raw[index.range(of: ref)]))
                writer.endArray()
                #expect(indexError(writer.bytes) == nil)
            }
        }
    }
    #expect(accepted > 0)
}
