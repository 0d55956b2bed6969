// RFC 9112 §3: request-line = method SP request-target SP HTTP-version CRLF

/// The parsed request-line.
struct HTTP1RequestLine {
    var method: HTTPMethod
    var target: String
    var version: HTTPVersion

    /// Parses the line in `start..<end` (end is the CR).
    static func parse(_ bytes: ByteView, from start: Int, to end: Int,
                      maxTargetLength: Int) throws(HTTPParseError) -> HTTP1RequestLine {
        // method = token (RFC 9110 §9.1, §5.6.2), then exactly one SP. RFC 9112 §3 lets a
        // recipient split on any whitespace; strict: only single SPs.
        var i = start
        while i < end && bytes[i] != HTTPBytes.sp {
            let byte = bytes[i]
            if !HTTPBytes.isTchar(byte) { throw byte == HTTPBytes.htab ? .invalidRequestLine : .invalidMethod }
            i += 1
        }
        if i == start || i == end { throw .invalidRequestLine }
        let methodEnd = i
        let targetStart = i + 1
        i = targetStart
        while i < end && bytes[i] != HTTPBytes.sp { i += 1 }
        // Two SPs in a row (empty target) or no second SP at all.
        if i == targetStart || i == end { throw .invalidRequestLine }
        let targetEnd = i
        if targetEnd - targetStart > maxTargetLength { throw .targetTooLong }
        let version = try parseVersion(bytes, from: targetEnd + 1, to: end)
        let method = HTTPMethod(rawValue: bytes.string(start, methodEnd))
        try validateTarget(bytes, targetStart, targetEnd, method: method)
        return HTTP1RequestLine(method: method, target: bytes.string(targetStart, targetEnd), version: version)
    }

    /// RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name = %s"HTTP"
    /// (case-sensitive). 1.0 and 1.1 are spoken; 1.2–1.9 are treated as 1.1 (RFC 9110 §6.2:
    /// the highest minor version we conform to); any other major → 505.
    static func parseVersion(_ bytes: ByteView, from start: Int,
                             to end: Int) throws(HTTPParseError) -> HTTPVersion {
        guard end - start == 8,
              bytes[start] == 0x48, bytes[start + 1] == 0x54, bytes[start + 2] == 0x54,
              bytes[start + 3] == 0x50, bytes[start + 4] == HTTPBytes.slash,
              HTTPBytes.isDigit(bytes[start + 5]), bytes[start + 6] == 0x2E,
              HTTPBytes.isDigit(bytes[start + 7])
        else { throw .invalidVersion }
        // RFC 9110 §15.6.6: 505 for a major version we do not support.
        guard bytes[start + 5] == 0x31 else { throw .unsupportedVersion }
        return bytes[start + 7] == 0x30 ? .http1_0 : .http1_1
    }

    /// RFC 9112 §3.2: the four request-target forms, each only where it is allowed.
    private static func validateTarget(_ bytes: ByteView, _ start: Int, _ end: Int,
                                       method: HTTPMethod) throws(HTTPParseError) {
        let first = bytes[start]
        if method == .CONNECT {
            // RFC 9112 §3.2.3: CONNECT takes authority-form (uri-host ":" port) and only that.
            guard HTTP1Authority.isValid(bytes, start, end, requirePort: true) else { throw .invalidTarget }
            return
        }
        if first == HTTPBytes.slash {
            // RFC 9112 §3.2.1 origin-form.
            try validateCharacters(bytes, start, end)
            return
        }
        if end - start == 1 && first == 0x2A {
            // RFC 9112 §3.2.4: asterisk-form is only for a server-wide OPTIONS.
            guard method == .OPTIONS else { throw .invalidTarget }
            return
        }
        // RFC 9112 §3.2.2 absolute-form. Strict: only the http and https schemes (RFC 9110 §4.2)
        // with an authority ("//"); this also keeps "host:port" (authority-form) out of non-CONNECT
        // requests, which would otherwise parse as a URI with scheme "host".
        let authorityStart: Int
        if hasPrefix(bytes, start, end, "http://") {
            authorityStart = start + 7
        } else if hasPrefix(bytes, start, end, "https://") {
            authorityStart = start + 8
        } else {
            throw .invalidTarget
        }
        var authorityEnd = authorityStart
        while authorityEnd < end, bytes[authorityEnd] != HTTPBytes.slash, bytes[authorityEnd] != 0x3F {
            authorityEnd += 1
        }
        // RFC 9110 §4.2.1: an http(s) URI with an empty host is invalid; no userinfo (RFC 9110 §4.2.4).
        guard authorityEnd > authorityStart,
              HTTP1Authority.isValid(bytes, authorityStart, authorityEnd, requirePort: false)
        else { throw .invalidTarget }
        try validateCharacters(bytes, authorityEnd, end)
    }

    /// RFC 3986 characters for path and query: no whitespace, CTLs, bytes ≥ 0x80, "#" or the
    /// excluded delimiters; every "%" starts a pct-encoded triplet (RFC 3986 §2.1).
    private static func validateCharacters(_ bytes: ByteView, _ start: Int,
                                           _ end: Int) throws(HTTPParseError) {
        var i = start
        while i < end {
            let byte = bytes[i]
            guard HTTPBytes.isOriginFormChar(byte) else { throw .invalidTarget }
            if byte == HTTPBytes.percent && !HTTP1Authority.isPercentEncoded(bytes, i, end) { throw .invalidTarget }
            i += 1
        }
    }

    /// ASCII case-insensitive prefix test (RFC 3986 §3.1: schemes are case-insensitive).
    private static func hasPrefix(_ bytes: ByteView, _ start: Int, _ end: Int, _ lower: StaticString) -> Bool {
        let length = lower.utf8CodeUnitCount
        guard end - start >= length else { return false }
        let literal = lower.utf8Start
        for k in 0..<length {
            let byte = bytes[start + k]
            let folded = byte &- 0x41 < 26 ? byte | 0x20 : byte
            if folded != literal[k] { return false }
        }
        return true
    }
}
