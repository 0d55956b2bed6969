/// Strict base16 (RFC 4648 §8): lowercase out; in, an even number of [0-9a-fA-F] and nothing else.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// 0...15 for a hex digit, 0xFF otherwise.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "0123456789abcdef".utf8.enumerated() { table[Int(c)] = UInt8(i) }
        for (i, c) in "ABCDEF".utf8.enumerated() { table[Int(c)] = UInt8(10 + i) }
        return table
    }()

    /// Appends the lowercase hex ASCII of `bytes` to `output`.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count * 2)
        digits.withUnsafeBufferPointer { table in
            for byte in bytes {
                output.append(table[Int(byte >> 4)])
                output.append(table[Int(byte & 0x0F)])
            }
        }
    }

    /// Returns the lowercase hex of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var ascii: [UInt8] = []
        encode(bytes, into: &ascii)
        return String(decoding: ascii, as: UTF8.self)
    }

    /// Returns the lowercase hex of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Decodes hex ASCII bytes; throws `CryptoError.invalidHex` on odd length or any other byte.
    public static func decode(_ ascii: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard ascii.count % 2 == 0 else { throw CryptoError.invalidHex }
        var output = [UInt8](repeating: 0, count: ascii.count / 2)
        let ok = values.withUnsafeBufferPointer { table in
            output.withUnsafeMutableBufferPointer { out in
                var bad: UInt8 = 0
                for i in 0..<out.count {
                    let hi = table[Int(ascii[2 * i])]
                    let lo = table[Int(ascii[2 * i + 1])]
                    bad |= (hi | lo) & 0xF0
                    out[i] = (hi << 4) | (lo & 0x0F)
                }
                return bad == 0
            }
        }
        guard ok else { throw CryptoError.invalidHex }
        return output
    }

    /// Decodes hex ASCII bytes; throws `CryptoError.invalidHex` on bad input.
    public static func decode(_ ascii: [UInt8]) throws -> [UInt8] {
        try ascii.withUnsafeBytes { try decode($0) }
    }

    /// Decodes a hex string; throws `CryptoError.invalidHex` on bad input.
    public static func decode(_ string: String) throws -> [UInt8] {
        var string = string
        return try string.withUTF8 { try decode(UnsafeRawBufferPointer($0)) }
    }
}
