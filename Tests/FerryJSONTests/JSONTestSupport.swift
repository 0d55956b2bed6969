import FerryJSON

/// Indexes `bytes` and runs `body` with the index and the same bytes.
func withIndex<R>(
    _ bytes: [UInt8], maxDepth: Int = 64,
    _ body: (JSONIndex, UnsafeRawBufferPointer) throws -> R
) throws -> R {
    try bytes.withUnsafeBytes { raw in
        let index = try JSONIndex(raw, maxDepth: maxDepth)
        return try body(index, raw)
    }
}

func withIndex<R>(_ text: String, _ body: (JSONIndex, UnsafeRawBufferPointer) throws -> R) throws -> R {
    try withIndex(Array(text.utf8), body)
}

/// Indexes `bytes`, returning the error if it is rejected.
func indexError(_ bytes: [UInt8], maxDepth: Int = 64) -> JSONError? {
    bytes.withUnsafeBytes { raw in
        do throws(JSONError) {
            _ = try JSONIndex(raw, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }
}

/// The raw JSON text of `ref`.
func rawText(_ index: JSONIndex, _ ref: JSONValueRef, _ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index.range(of: ref)]), as: UTF8.self)
}

/// A small deterministic generator (SplitMix64), so property tests replay exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
