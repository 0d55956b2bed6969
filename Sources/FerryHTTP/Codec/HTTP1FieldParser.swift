// Field lines (RFC 9112 §5, RFC 9110 §5) for heads and trailer sections. Runs after the
// section scanner, so every line ends in CRLF and holds no NUL or bare CR/LF. Each name and
// value becomes a String exactly once; framing fields are interpreted from the bytes.

/// What the framing- and connection-related fields of a head said (RFC 9112 §6, §9; RFC 9110 §7.2, §10.1.1).
struct HTTP1FieldFacts: Sendable {
    var isRequest: Bool
    var maxBodyBytes: Int
    /// -1 when absent.
    var contentLength = -1
    var contentLengthTooLarge = false
    var transferEncoding = false
    var chunked = false
    var chunkedNotFinal = false
    var otherCoding = false
    var hostCount = 0
    var connectionClose = false
    var connectionKeepAlive = false
    var expectContinue = false

    init(isRequest: Bool, maxBodyBytes: Int) {
        self.isRequest = isRequest
        self.maxBodyBytes = maxBodyBytes
    }

    var hasContentLength: Bool { contentLength >= 0 || contentLengthTooLarge }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 closes unless "keep-alive".
    func persists(isHTTP11: Bool) -> Bool {
        isHTTP11 ? !connectionClose : connectionKeepAlive && !connectionClose
    }
}

/// Parses a field section into HTTPHeaders, optionally recording framing facts.
enum HTTP1FieldParser {
    /// Parses a head's field lines from `start` until the empty line, recording framing facts.
    /// `capacity` is the line count the scanner saw.
    static func parseHead(_ bytes: ByteView, from start: Int, capacity: Int,
                          facts: inout HTTP1FieldFacts) throws(HTTPParseError) -> HTTPHeaders {
        try parse(bytes, from: start, capacity: capacity, facts: &facts, interpret: true)
    }

    /// Parses a trailer section (RFC 9112 §7.1.2): same field rules, no framing meaning
    /// (RFC 9110 §6.5.1: framing fields cannot be sent as trailers, so none is acted on).
    static func parseTrailers(_ bytes: ByteView, from start: Int,
                              capacity: Int) throws(HTTPParseError) -> HTTPHeaders {
        var ignored = HTTP1FieldFacts(isRequest: false, maxBodyBytes: 0)
        return try parse(bytes, from: start, capacity: capacity, facts: &ignored, interpret: false)
    }

    private static func parse(_ bytes: ByteView, from start: Int, capacity: Int,
                              facts: inout HTTP1FieldFacts, interpret: Bool) throws(HTTPParseError) -> HTTPHeaders {
        var headers = HTTPHeaders(capacity: capacity)
        var lineStart = start
        while bytes[lineStart] != HTTPBytes.cr {
            lineStart = try parseLine(bytes, lineStart, into: &headers, facts: &facts, interpret: interpret)
        }
        return headers
    }

    /// Parses the field line at `start`; returns the start of the next line.
    private static func parseLine(_ bytes: ByteView, _ start: Int, into headers: inout HTTPHeaders,
                                  facts: inout HTTP1FieldFacts, interpret: Bool) throws(HTTPParseError) -> Int {
        // RFC 9112 §5.2: obs-fold (a line starting with SP/HTAB) may be rejected in requests; we
        // reject it everywhere. The same check covers RFC 9112 §2.2 ¶8 (whitespace between the
        // start line and the first field), which a recipient must reject or skip.
        if HTTPBytes.isOWS(bytes[start]) { throw .obsFold }
        var i = start
        // The scanner guarantees a CR ends the line, and CR is not a tchar, so these loops stop.
        while bytes[i] != HTTPBytes.colon {
            if !HTTPBytes.isTchar(bytes[i]) { throw nameError(bytes, i) }
            i += 1
        }
        // RFC 9110 §5.1: field-name = token, at least one tchar.
        if i == start { throw .emptyFieldName }
        let nameEnd = i
        // RFC 9112 §5.1: OWS around the value is not part of it (SP/HTAB only).
        var valueStart = nameEnd + 1
        while HTTPBytes.isOWS(bytes[valueStart]) { valueStart += 1 }
        var high = false
        var j = valueStart
        while true {
            j = bytes.skipPrintableASCII(from: j, to: bytes.count)
            let byte = bytes[j]
            if byte == HTTPBytes.cr { break }
            // RFC 9110 §5.5: field-value bytes are VCHAR, SP, HTAB and obs-text; CTLs are invalid.
            guard byte == HTTPBytes.htab || byte >= 0x80 else { throw .invalidFieldValue }
            if byte >= 0x80 { high = true }
            j += 1
        }
        let lineEnd = j
        var valueEnd = lineEnd
        while valueEnd > valueStart && HTTPBytes.isOWS(bytes[valueEnd - 1]) { valueEnd -= 1 }
        let value: String
        if !high {
            value = bytes.string(valueStart, valueEnd)
        } else {
            // Strict: obs-text must form valid UTF-8; we never decode lossily because
            // signatures are computed over the exact bytes.
            guard let checked = bytes.validatedString(valueStart, valueEnd) else { throw .invalidFieldValue }
            value = checked
        }
        if interpret {
            try record(bytes, start, nameEnd, valueStart, valueEnd, facts: &facts)
        }
        headers.add(name: bytes.string(start, nameEnd), value: value)
        return lineEnd + 2
    }

    /// Chooses the error for a non-tchar byte at `index` in a name: whitespace followed only by
    /// whitespace up to the colon is RFC 9112 §5.1 ¶2 (no whitespace before the colon, 400).
    private static func nameError(_ bytes: ByteView, _ index: Int) -> HTTPParseError {
        var end = index
        while bytes[end] != HTTPBytes.cr { end += 1 }
        var i = index
        while i < end && HTTPBytes.isOWS(bytes[i]) { i += 1 }
        if i > index && i < end && bytes[i] == HTTPBytes.colon { return .whitespaceBeforeColon }
        var k = index
        while k < end && bytes[k] != HTTPBytes.colon { k += 1 }
        return k == end ? .missingColon : .invalidTokenCharacter
    }

    private static func record(_ bytes: ByteView, _ nameStart: Int, _ nameEnd: Int,
                               _ valueStart: Int, _ valueEnd: Int,
                               facts: inout HTTP1FieldFacts) throws(HTTPParseError) {
        let nameLength = nameEnd - nameStart
        switch nameLength {
        case 4 where facts.isRequest && bytes.equalsLowercase(nameStart, 4, "host"):
            // RFC 9112 §3.2: more than one Host line, or an invalid value → 400.
            facts.hostCount += 1
            if facts.hostCount > 1 { throw .multipleHost }
            guard HTTP1Authority.isValid(bytes, valueStart, valueEnd, requirePort: false) else { throw .invalidHost }
        case 6 where facts.isRequest && bytes.equalsLowercase(nameStart, 6, "expect"):
            // RFC 9110 §10.1.1: the expectation is case-insensitive; only 100-continue is defined.
            forEachListElement(bytes, valueStart, valueEnd) { s, e in
                if bytes.equalsLowercase(s, e - s, "100-continue") { facts.expectContinue = true }
            }
        case 10 where bytes.equalsLowercase(nameStart, 10, "connection"):
            // RFC 9112 §9.3 / RFC 9110 §7.6.1: Connection is a case-insensitive token list.
            forEachListElement(bytes, valueStart, valueEnd) { s, e in
                if bytes.equalsLowercase(s, e - s, "close") { facts.connectionClose = true }
                if bytes.equalsLowercase(s, e - s, "keep-alive") { facts.connectionKeepAlive = true }
            }
        case 14 where bytes.equalsLowercase(nameStart, 14, "content-length"):
            try recordContentLength(bytes, valueStart, valueEnd, facts: &facts)
        case 17 where bytes.equalsLowercase(nameStart, 17, "transfer-encoding"):
            try recordTransferEncoding(bytes, valueStart, valueEnd, facts: &facts)
        default:
            break
        }
    }

    private static func recordContentLength(_ bytes: ByteView, _ start: Int, _ end: Int,
                                            facts: inout HTTP1FieldFacts) throws(HTTPParseError) {
        // RFC 9110 §8.6 lets a recipient accept identical repeated values ("5, 5" or two lines);
        // strict: any second Content-Length is rejected, since peers that merge differently desync.
        if facts.hasContentLength { throw .multipleContentLength }
        // RFC 9110 §8.6: Content-Length = 1*DIGIT — no sign, no spaces inside, no hex, no list.
        guard start < end else { throw .invalidContentLength }
        var value = 0
        var tooLarge = false
        for i in start..<end {
            let byte = bytes[i]
            guard HTTPBytes.isDigit(byte) else { throw .invalidContentLength }
            if !tooLarge {
                // Overflow-safe: saturate once past the body limit, but keep validating digits.
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int(byte &- 0x30))
                if o1 || o2 || next > facts.maxBodyBytes { tooLarge = true } else { value = next }
            }
        }
        if tooLarge { facts.contentLengthTooLarge = true } else { facts.contentLength = value }
    }

    private static func recordTransferEncoding(_ bytes: ByteView, _ start: Int, _ end: Int,
                                               facts: inout HTTP1FieldFacts) throws(HTTPParseError) {
        facts.transferEncoding = true
        var sawCoding = false
        var failure: HTTPParseError?
        // RFC 9112 §6.1: Transfer-Encoding = #transfer-coding, possibly over several lines
        // (RFC 9110 §5.3 combines them in order); coding names are case-insensitive (§7 of RFC 9112).
        forEachListElement(bytes, start, end) { s, e in
            guard failure == nil else { return }
            sawCoding = true
            var i = s
            while i < e && HTTPBytes.isTchar(bytes[i]) { i += 1 }
            let nameEnd = i
            while i < e && HTTPBytes.isOWS(bytes[i]) { i += 1 }
            let hasParameters = i < e && bytes[i] == HTTPBytes.semicolon
            // transfer-coding = token *( OWS ";" OWS transfer-parameter )
            guard nameEnd > s, i == e || hasParameters else { failure = .invalidTransferEncoding; return }
            if bytes.equalsLowercase(s, nameEnd - s, "chunked") {
                // RFC 9112 §6.1: a sender MUST NOT apply chunked more than once; chunked takes no parameters.
                if facts.chunked || hasParameters { failure = .invalidTransferEncoding; return }
                facts.chunked = true
            } else {
                // Any coding after chunked means chunked is not final (RFC 9112 §6.3 (4)).
                if facts.chunked { facts.chunkedNotFinal = true }
                facts.otherCoding = true
            }
        }
        if let failure { throw failure }
        // Strict: a Transfer-Encoding line that names no coding is malformed framing.
        if !sawCoding { throw .invalidTransferEncoding }
    }

    /// Calls `body` with the bounds of each non-empty, OWS-trimmed element of a comma list.
    /// RFC 9110 §5.6.1: recipients ignore empty list elements.
    static func forEachListElement(_ bytes: ByteView, _ start: Int, _ end: Int,
                                   _ body: (Int, Int) -> Void) {
        var i = start
        while i < end {
            var elementEnd = i
            while elementEnd < end && bytes[elementEnd] != HTTPBytes.comma { elementEnd += 1 }
            var s = i
            var e = elementEnd
            while s < e && HTTPBytes.isOWS(bytes[s]) { s += 1 }
            while e > s && HTTPBytes.isOWS(bytes[e - 1]) { e -= 1 }
            if e > s { body(s, e) }
            i = elementEnd + 1
        }
    }
}

/// Validates uri-host [ ":" port ] (RFC 3986 §3.2.2–§3.2.3) for Host and authority-form targets.
enum HTTP1Authority {
    static func isValid(_ bytes: ByteView, _ start: Int, _ end: Int, requirePort: Bool) -> Bool {
        var i = start
        if i < end && bytes[i] == 0x5B {  // "[" IP-literal "]"
            i += 1
            let literalStart = i
            while i < end && bytes[i] != 0x5D {
                guard HTTPBytes.isIPLiteralChar(bytes[i]) else { return false }
                i += 1
            }
            guard i < end, i > literalStart else { return false }
            i += 1
        } else {
            while i < end && bytes[i] != HTTPBytes.colon {
                let byte = bytes[i]
                if byte == HTTPBytes.percent {
                    guard isPercentEncoded(bytes, i, end) else { return false }
                    i += 3
                    continue
                }
                guard HTTPBytes.isRegNameChar(byte) else { return false }
                i += 1
            }
        }
        if i == end { return !requirePort }
        guard bytes[i] == HTTPBytes.colon else { return false }
        i += 1
        // RFC 3986 §3.2.3: port = *DIGIT (authority-form for CONNECT needs one: RFC 9112 §3.2.3).
        if requirePort && i == end { return false }
        while i < end {
            guard HTTPBytes.isDigit(bytes[i]) else { return false }
            i += 1
        }
        return true
    }

    /// RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG.
    @inline(__always)
    static func isPercentEncoded(_ bytes: ByteView, _ index: Int, _ end: Int) -> Bool {
        index + 2 < end && HTTPBytes.hexValue(bytes[index + 1]) != nil
            && HTTPBytes.hexValue(bytes[index + 2]) != nil
    }
}
