// Test-only helpers, independent of the codecs under test so a codec bug cannot hide
// behind its own fixtures.

/// Decodes a lowercase or uppercase hex literal; traps on malformed fixtures.
func bytes(hex: String) -> [UInt8] {
    let ascii = Array(hex.utf8)
    precondition(ascii.count % 2 == 0, "odd-length hex fixture")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: preconditionFailure("bad hex fixture")
        }
    }
    return stride(from: 0, to: ascii.count, by: 2).map { nibble(ascii[$0]) << 4 | nibble(ascii[$0 + 1]) }
}

/// Lowercase hex of `data`, for readable expectation failures.
func hexString(_ data: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(data.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

/// A copy of `data` with bit 0 of byte `index` flipped.
func flipped(_ data: [UInt8], at index: Int) -> [UInt8] {
    var copy = data
    copy[index] ^= 0x01
    return copy
}
