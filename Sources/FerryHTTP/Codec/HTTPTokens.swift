// Byte classes and small byte-level helpers shared by the parsers and the serializer.
// Sets are 128-bit masks (two UInt64 literals) so a lookup is a shift and an AND with no
// table load, no lazy global initialisation and no bounds check on the hot path.

/// Byte constants and character classes from RFC 9110 and RFC 3986, as bit masks.
enum HTTPBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let equals: UInt8 = 0x3D
    static let dquote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let percent: UInt8 = 0x25
    static let slash: UInt8 = 0x2F

    @inline(__always)
    static func inSet(_ byte: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (high >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
    /// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
    @inline(__always)
    static func isTchar(_ byte: UInt8) -> Bool {
        inSet(byte, 0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE)
    }

    /// RFC 9112 §3.2.1 origin-form = absolute-path [ "?" query ] (also the path and query of
    /// absolute-form, §3.2.2): pchar / "/" / "?" per
    /// RFC 3986 §3.3–§3.4 (unreserved, sub-delims, ":", "@", and "%" checked separately).
    /// No "#": a fragment is never part of a request-target (RFC 9112 §3.2).
    @inline(__always)
    static func isOriginFormChar(_ byte: UInt8) -> Bool {
        inSet(byte, 0xAFFF_FFF2_0000_0000, 0x47FF_FFFE_87FF_FFFF)
    }

    /// RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ).
    @inline(__always)
    static func isRegNameChar(_ byte: UInt8) -> Bool {
        inSet(byte, 0x2BFF_7FF2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }

    /// RFC 3986 §3.2.2: inside "[" "]" (IPv6address / IPvFuture): unreserved / sub-delims / ":".
    @inline(__always)
    static func isIPLiteralChar(_ byte: UInt8) -> Bool {
        inSet(byte, 0x2FFF_7FD2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }

    /// RFC 9110 §5.5: field-vchar = VCHAR / obs-text, plus SP / HTAB inside a value.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == htab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// RFC 5234 Appendix B.1 HEXDIG, case-insensitive as ABNF strings are (RFC 5234 §2.3).
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte &- 0x30
        case 0x41...0x46: byte &- 0x37
        case 0x61...0x66: byte &- 0x57
        default: nil
        }
    }

    @inline(__always)
    static func isOWS(_ byte: UInt8) -> Bool { byte == sp || byte == htab }
}

/// A read-only view of the caller's bytes with unchecked loads, used inside the parsers only.
struct ByteView {
    let base: UnsafePointer<UInt8>
    let count: Int

    init?(_ buffer: UnsafeRawBufferPointer) {
        // The buffer holds plain bytes; binding them to UInt8 is the usual way to read them.
        guard let raw = buffer.baseAddress, buffer.count > 0 else { return nil }
        self.base = raw.assumingMemoryBound(to: UInt8.self)
        self.count = buffer.count
    }

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    @inline(__always)
    subscript(_ index: Int) -> UInt8 { base[index] }

    /// Index of the first byte at or after `start` (and before `end`) that is ≤ 0x0D — a
    /// possible CR, LF or NUL — or, with `stoppingAtSpace`, an SP; `end` if there is none.
    /// Sixteen bytes per step: heads are mostly long runs of ordinary bytes, and this is where
    /// a parser spends its time.
    @inline(__always)
    func skipOrdinary(from start: Int, to end: Int, stoppingAtSpace: Bool) -> Int {
        var i = start
        let limit = SIMD16<UInt8>(repeating: 0x0D)
        let space = SIMD16<UInt8>(repeating: HTTPBytes.sp)
        while i + 16 <= end {
            let chunk = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let special = stoppingAtSpace ? (chunk .<= limit) .| (chunk .== space) : chunk .<= limit
            if any(special) { break }
            i += 16
        }
        while i < end {
            let byte = base[i]
            if byte <= 0x0D || (stoppingAtSpace && byte == HTTPBytes.sp) { break }
            i += 1
        }
        return i
    }

    /// Index of the first byte at or after `start` that is not printable ASCII (0x20–0x7E),
    /// or `end`: the fast path of field-value validation (RFC 9110 §5.5).
    @inline(__always)
    func skipPrintableASCII(from start: Int, to end: Int) -> Int {
        var i = start
        let low = SIMD16<UInt8>(repeating: 0x20)
        let high = SIMD16<UInt8>(repeating: 0x7E)
        while i + 16 <= end {
            let chunk = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            if any((chunk .< low) .| (chunk .> high)) { break }
            i += 16
        }
        while i < end, base[i] &- 0x20 < 0x5F { i += 1 }
        return i
    }

    /// A view starting `offset` bytes in (used for trailers after the last-chunk line).
    @inline(__always)
    func dropping(_ offset: Int) -> ByteView { ByteView(base: base + offset, count: count - offset) }

    /// Compares `lower` (an all-lowercase ASCII literal of letters and "-") with the bytes at
    /// `start..<start+len`, ignoring ASCII case. Callers have already checked the bytes are
    /// tchar, so OR-ing 0x20 cannot turn a non-letter into a match (RFC 9110 §5.1: field names
    /// are case-insensitive).
    @inline(__always)
    func equalsLowercase(_ start: Int, _ len: Int, _ lower: StaticString) -> Bool {
        guard len == lower.utf8CodeUnitCount else { return false }
        let lit = lower.utf8Start
        var i = 0
        while i < len {
            if base[start + i] | 0x20 != lit[i] { return false }
            i += 1
        }
        return true
    }

    /// Builds a String from bytes already validated as ASCII or checked UTF-8.
    @inline(__always)
    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// Builds a String only if the bytes are valid UTF-8; never repairs (signatures need exact bytes).
    @inline(__always)
    func validatedString(_ start: Int, _ end: Int) -> String? {
        String(validating: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }
}
