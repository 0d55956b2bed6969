/// The two RFC 4648 alphabets and the strict codec they share.
private struct Base64Alphabet: Sendable {
    let symbols: [UInt8]
    /// 0...63 for an alphabet byte, 0xFF otherwise (including '=').
    let values: [UInt8]

    init(_ alphabet: String) {
        symbols = Array(alphabet.utf8)
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in symbols.enumerated() { table[Int(c)] = UInt8(i) }
        values = table
    }

    static let standard = Base64Alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    static let url = Base64Alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    func encode(_ bytes: UnsafeRawBufferPointer, padding: Bool, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bytes.count + 2) / 3 * 4)
        symbols.withUnsafeBufferPointer { s in
            var i = 0
            while i + 3 <= bytes.count {
                let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                output.append(s[Int(n >> 18 & 63)])
                output.append(s[Int(n >> 12 & 63)])
                output.append(s[Int(n >> 6 & 63)])
                output.append(s[Int(n & 63)])
                i += 3
            }
            let rest = bytes.count - i
            if rest == 1 {
                let n = UInt32(bytes[i]) << 16
                output.append(s[Int(n >> 18 & 63)])
                output.append(s[Int(n >> 12 & 63)])
                if padding { output.append(UInt8(ascii: "=")); output.append(UInt8(ascii: "=")) }
            } else if rest == 2 {
                let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
                output.append(s[Int(n >> 18 & 63)])
                output.append(s[Int(n >> 12 & 63)])
                output.append(s[Int(n >> 6 & 63)])
                if padding { output.append(UInt8(ascii: "=")) }
            }
        }
    }

    /// Decodes `ascii`. With `paddingRequired`, the length must be a multiple of 4 and the
    /// tail padded; otherwise padding is optional but, if present, must be complete.
    /// Always rejects bytes outside the alphabet, misplaced '=', and non-zero pad bits.
    func decode(_ ascii: UnsafeRawBufferPointer, paddingRequired: Bool) throws -> [UInt8] {
        var length = ascii.count
        var pads = 0
        while pads < 2, length > 0, ascii[length - 1] == UInt8(ascii: "=") {
            length -= 1
            pads += 1
        }
        if paddingRequired || pads > 0 {
            // RFC 4648 §3.2/§4: padded data is whole 4-character quanta.
            guard ascii.count % 4 == 0 else { throw CryptoError.invalidBase64 }
        }
        let tail = length % 4
        // One leftover character carries only 6 bits: never a whole byte.
        guard tail != 1 else { throw CryptoError.invalidBase64 }
        if pads > 0 {
            guard pads == 4 - tail else { throw CryptoError.invalidBase64 }
        }
        let outputCount = length / 4 * 3 + (tail == 0 ? 0 : tail - 1)
        var output = [UInt8](repeating: 0, count: outputCount)
        let ok = values.withUnsafeBufferPointer { v in
            output.withUnsafeMutableBufferPointer { out in
                var bad: UInt8 = 0
                var i = 0
                var o = 0
                while i + 4 <= length {
                    let a = v[Int(ascii[i])], b = v[Int(ascii[i + 1])]
                    let c = v[Int(ascii[i + 2])], d = v[Int(ascii[i + 3])]
                    bad |= (a | b | c | d) & 0xC0
                    let n = UInt32(a & 63) << 18 | UInt32(b & 63) << 12 | UInt32(c & 63) << 6 | UInt32(d & 63)
                    out[o] = UInt8(truncatingIfNeeded: n >> 16)
                    out[o + 1] = UInt8(truncatingIfNeeded: n >> 8)
                    out[o + 2] = UInt8(truncatingIfNeeded: n)
                    i += 4
                    o += 3
                }
                if tail == 2 {
                    let a = v[Int(ascii[i])], b = v[Int(ascii[i + 1])]
                    bad |= (a | b) & 0xC0
                    // RFC 4648 §3.5: the 4 unused low bits must be zero (canonical encoding).
                    bad |= b & 0x0F
                    out[o] = (a & 63) << 2 | (b & 63) >> 4
                } else if tail == 3 {
                    let a = v[Int(ascii[i])], b = v[Int(ascii[i + 1])], c = v[Int(ascii[i + 2])]
                    bad |= (a | b | c) & 0xC0
                    // RFC 4648 §3.5: the 2 unused low bits must be zero.
                    bad |= c & 0x03
                    out[o] = (a & 63) << 2 | (b & 63) >> 4
                    out[o + 1] = (b & 0x0F) << 4 | (c & 63) >> 2
                }
                return bad == 0
            }
        }
        guard ok else { throw CryptoError.invalidBase64 }
        return output
    }
}

/// Strict base64 (RFC 4648 §4): padding required, no whitespace, canonical pad bits only.
public enum Base64 {
    /// Appends the padded base64 ASCII of `bytes` to `output` (no intermediate String).
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        Base64Alphabet.standard.encode(bytes, padding: true, into: &output)
    }

    /// Returns the padded base64 of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var ascii: [UInt8] = []
        encode(bytes, into: &ascii)
        return String(decoding: ascii, as: UTF8.self)
    }

    /// Returns the padded base64 of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Decodes base64 ASCII bytes; throws `CryptoError.invalidBase64` on any deviation.
    public static func decode(_ ascii: UnsafeRawBufferPointer) throws -> [UInt8] {
        try Base64Alphabet.standard.decode(ascii, paddingRequired: true)
    }

    /// Decodes base64 ASCII bytes; throws `CryptoError.invalidBase64` on any deviation.
    public static func decode(_ ascii: [UInt8]) throws -> [UInt8] {
        try ascii.withUnsafeBytes { try decode($0) }
    }

    /// Decodes a base64 string; throws `CryptoError.invalidBase64` on any deviation.
    public static func decode(_ string: String) throws -> [UInt8] {
        var string = string
        return try string.withUTF8 { try decode(UnsafeRawBufferPointer($0)) }
    }
}

/// Strict base64url (RFC 4648 §5): encodes unpadded; decodes unpadded or correctly padded.
public enum Base64URL {
    /// Appends the unpadded base64url ASCII of `bytes` to `output`.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        Base64Alphabet.url.encode(bytes, padding: false, into: &output)
    }

    /// Returns the unpadded base64url of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var ascii: [UInt8] = []
        encode(bytes, into: &ascii)
        return String(decoding: ascii, as: UTF8.self)
    }

    /// Returns the unpadded base64url of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Decodes base64url ASCII bytes; throws `CryptoError.invalidBase64` on any deviation.
    public static func decode(_ ascii: UnsafeRawBufferPointer) throws -> [UInt8] {
        try Base64Alphabet.url.decode(ascii, paddingRequired: false)
    }

    /// Decodes base64url ASCII bytes; throws `CryptoError.invalidBase64` on any deviation.
    public static func decode(_ ascii: [UInt8]) throws -> [UInt8] {
        try ascii.withUnsafeBytes { try decode($0) }
    }

    /// Decodes a base64url string; throws `CryptoError.invalidBase64` on any deviation.
    public static func decode(_ string: String) throws -> [UInt8] {
        var string = string
        return try string.withUTF8 { try decode(UnsafeRawBufferPointer($0)) }
    }
}
