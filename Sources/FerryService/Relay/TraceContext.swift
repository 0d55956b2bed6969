internal import FerryCrypto

/// W3C Trace Context `traceparent` values (W3C Recommendation "Trace Context", §3.2).
enum TraceContext {
    /// Continues the caller's trace with a new span id when `incoming` is a valid version-00
    /// `traceparent`; otherwise starts a new trace. Sampled flag set.
    static func next(after incoming: String?) -> String {
        var random = TraceIDGenerator()
        return next(after: incoming, using: &random)
    }

    /// As ``next(after:)``, drawing ids from `random` (one generator per loop on the hot path).
    static func next(after incoming: String?, using random: inout TraceIDGenerator) -> String {
        let span = hex(random.next())
        if let incoming, let traceID = traceID(of: incoming) {
            return "00-\(traceID)-\(span)-01"
        }
        return "00-\(hex(random.next()))\(hex(random.next()))-\(span)-01"
    }

    /// 16 lowercase hex digits of `value`; never all zero (W3C Trace Context §3.2.2.3, §3.2.2.4).
    private static func hex(_ value: UInt64) -> String {
        let nonZero = value == 0 ? 1 : value
        return String(unsafeUninitializedCapacity: 16) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for index in 0..<16 {
                let nibble = Int(truncatingIfNeeded: nonZero >> (60 - 4 * UInt64(index))) & 0xF
                buffer[index] = digits.utf8Start[nibble]
            }
            return 16
        }
    }

    /// The trace-id of a well-formed `00-<32 hex>-<16 hex>-<2 hex>` value; all-zero ids are invalid (§3.2.2.3).
    static func traceID(of value: String) -> String? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "00", parts[1].utf8.count == 32, parts[2].utf8.count == 16,
              parts[3].utf8.count == 2 else { return nil }
        let lowerHex: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        guard parts[1...3].allSatisfy({ $0.utf8.allSatisfy(lowerHex) }),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }) else { return nil }
        return String(parts[1])
    }
}

/// Random trace and span ids without a system call per request: xoshiro256** seeded once
/// from the CSPRNG. Trace ids need to be unique and unpredictable enough not to collide
/// (W3C Trace Context §6.2, "Randomness of trace-id"), not to be secret.
struct TraceIDGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init() {
        let seed = SecureRandom.bytes(count: 32)
        func word(_ offset: Int) -> UInt64 {
            seed[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) } | 1
        }
        state = (word(0), word(8), word(16), word(24))
    }

    /// xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018).
    mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        value << count | value >> (64 - count)
    }
}
