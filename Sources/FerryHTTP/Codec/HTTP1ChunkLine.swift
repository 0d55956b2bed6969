// The chunk-size line of the chunked transfer coding (RFC 9112 §7.1, §7.1.1):
//   chunk-size [ chunk-ext ] CRLF
//   chunk-size = 1*HEXDIG
//   chunk-ext  = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//   chunk-ext-val = token / quoted-string
// Extensions are validated and ignored (no extension is defined that we act on).

/// Parser for one chunk-size line, bounded by HTTP1Limits.maxChunkLineBytes.
enum HTTP1ChunkLine {
    /// Returns the chunk size and the index after the line's CRLF, or nil if the line is incomplete.
    static func parse(_ bytes: ByteView, at start: Int,
                      maxLineBytes: Int) throws(HTTPParseError) -> (size: Int, next: Int)? {
        // Find the line end first, refusing bare LF (strict, as for the head: RFC 9112 §2.2 ¶3)
        // and never reading more than the line bound.
        let bound = min(bytes.count, start + maxLineBytes)
        var cr = start
        while cr < bound {
            let byte = bytes[cr]
            if byte == HTTPBytes.cr { break }
            if byte == HTTPBytes.lf { throw .bareLF }
            cr += 1
        }
        if cr + 1 >= bound {
            // RFC 9112 §7.1.1: the line (with its CRLF) must fit in the bound; otherwise wait.
            if bytes.count >= start + maxLineBytes { throw .chunkLineTooLong }
            return nil
        }
        // RFC 9112 §2.2 ¶4: CR must be followed by LF.
        guard bytes[cr + 1] == HTTPBytes.lf else { throw .bareCR }

        var i = start
        var size: UInt64 = 0
        while i < cr, let digit = HTTPBytes.hexValue(bytes[i]) {
            // Strict bound: 16 hex digits fill 64 bits; more is an overflow attempt even with
            // leading zeros.
            if i - start == 16 { throw .chunkSizeTooLarge }
            size = size << 4 | UInt64(digit)
            i += 1
        }
        // RFC 9112 §7.1: 1*HEXDIG — no sign, no "0x", no leading whitespace.
        if i == start { throw .invalidChunkSize }
        try validateExtensions(bytes, from: i, to: cr)
        guard size <= UInt64(Int.max) else { throw .chunkSizeTooLarge }
        return (Int(size), cr + 2)
    }

    private static func validateExtensions(_ bytes: ByteView, from start: Int,
                                           to end: Int) throws(HTTPParseError) {
        var i = start
        while i < end {
            // BWS ";"
            let wsStart = i
            while i < end && HTTPBytes.isOWS(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == HTTPBytes.semicolon else {
                // Trailing whitespace or junk right after the size is a bad size ("5 ", "0x5");
                // after an extension it is a bad extension.
                throw wsStart == start ? .invalidChunkSize : .invalidChunkExtension
            }
            i += 1
            // BWS chunk-ext-name
            while i < end && HTTPBytes.isOWS(bytes[i]) { i += 1 }
            let nameStart = i
            while i < end && HTTPBytes.isTchar(bytes[i]) { i += 1 }
            if i == nameStart { throw .invalidChunkExtension }
            // [ BWS "=" BWS chunk-ext-val ]
            let afterName = i
            while i < end && HTTPBytes.isOWS(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == HTTPBytes.equals else {
                i = afterName
                continue
            }
            i += 1
            while i < end && HTTPBytes.isOWS(bytes[i]) { i += 1 }
            guard i < end else { throw .invalidChunkExtension }
            if bytes[i] == HTTPBytes.dquote {
                i = try quotedStringEnd(bytes, from: i + 1, to: end)
            } else {
                let valueStart = i
                while i < end && HTTPBytes.isTchar(bytes[i]) { i += 1 }
                if i == valueStart { throw .invalidChunkExtension }
            }
        }
    }

    /// RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE.
    /// Returns the index after the closing quote.
    private static func quotedStringEnd(_ bytes: ByteView, from start: Int,
                                        to end: Int) throws(HTTPParseError) -> Int {
        var i = start
        while i < end {
            let byte = bytes[i]
            if byte == HTTPBytes.dquote { return i + 1 }
            if byte == HTTPBytes.backslash {
                // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                guard i + 1 < end, HTTPBytes.isFieldValueByte(bytes[i + 1]) else { throw .invalidChunkExtension }
                i += 2
                continue
            }
            // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
            guard HTTPBytes.isFieldValueByte(byte) else { throw .invalidChunkExtension }
            i += 1
        }
        throw .invalidChunkExtension
    }
}
