internal import FerryCrypto

/// W3C Trace Context `traceparent` values (W3C Recommendation "Trace Context", §3.2).
enum TraceContext {
    /// Continues the caller's trace with a new span id when `incoming` is a valid version-00
    /// `traceparent`; otherwise starts a new trace. Sampled flag set.
    static func next(after incoming: String?) -> String {
        let span = Hex.encode(SecureRandom.bytes(count: 8))
        if let incoming, let traceID = traceID(of: incoming) {
            return "00-\(traceID)-\(span)-01"
        }
        return "00-\(Hex.encode(SecureRandom.bytes(count: 16)))-\(span)-01"
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
