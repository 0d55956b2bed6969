// Client side: parses what subscribers answer. Subscribers are untrusted, so the same strict
// field rules apply as for requests, and framing ambiguities are errors.

/// Strict incremental HTTP/1.1 response parser (RFC 9112), one per upstream connection.
///
/// Same buffer contract as HTTP1RequestParser. Call `expectResponse(toHEAD:)` before each
/// response. Interim 1xx responses (RFC 9110 §15.2) are reported as a head with no body and no
/// `.end`; the next event is the final response's head.
public struct HTTP1ResponseParser: Sendable {
    private enum State: Sendable {
        case head(HTTP1SectionScanner)
        case body(HTTP1BodyDecoder)
        case failed(HTTPParseError)
    }

    private let limits: HTTP1Limits
    private var state: State
    private var toHEAD = false
    private var awaiting = false

    public init(limits: HTTP1Limits = .init()) {
        self.limits = limits
        state = .head(HTTP1SectionScanner(kind: .response))
    }

    /// Declares the next response; responses to HEAD have no body (RFC 9112 §6.3 (1)).
    public mutating func expectResponse(toHEAD: Bool) {
        self.toHEAD = toHEAD
        awaiting = true
    }

    /// Parses the next event; see HTTP1RequestParser.next for the buffer contract.
    public mutating func next(
        _ buffer: UnsafeRawBufferPointer
    ) throws(HTTPParseError) -> (event: HTTP1ParserEvent<HTTPResponseHead>?, consumed: Int) {
        do throws(HTTPParseError) {
            switch state {
            case .failed(let error):
                throw error
            case .head(var scanner):
                guard let bytes = ByteView(buffer) else { return (nil, 0) }
                guard let end = try scanner.scan(bytes, limit: limits.maxHeadBytes,
                                                 maxFields: limits.maxHeaderCount, maxTarget: 0) else {
                    state = .head(scanner)
                    return (nil, 0)
                }
                let head = try parseHead(bytes, scanner)
                if head.status < 200 {
                    // RFC 9110 §15.2: interim; the final response follows on the same connection.
                    state = .head(HTTP1SectionScanner(kind: .response))
                } else {
                    state = .body(HTTP1BodyDecoder(framing: head.framing, headBytes: end,
                                                   headFields: scanner.fieldLines, limits: limits))
                }
                return (.head(head), end)
            case .body(var decoder):
                switch try decoder.next(ByteView(buffer)) {
                case .needMore:
                    state = .body(decoder)
                    return (nil, 0)
                case .body(let range, let consumed):
                    state = .body(decoder)
                    return (.body(range), consumed)
                case .end(let trailers, let consumed):
                    reset()
                    return (.end(trailers: trailers), consumed)
                }
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// The peer closed the connection. Ends a close-delimited body (RFC 9112 §6.3 (8)); a
    /// response cut short throws `.truncated`; with no response pending returns nil.
    public mutating func finish() throws(HTTPParseError) -> HTTP1ParserEvent<HTTPResponseHead>? {
        do throws(HTTPParseError) {
            switch state {
            case .failed(let error):
                throw error
            case .head(let scanner):
                // RFC 9112 §8: a close in the middle of (or instead of) an expected response.
                if awaiting || scanner.scanned > 0 { throw .truncated }
                return nil
            case .body(var decoder):
                let trailers = try decoder.finish()
                reset()
                return .end(trailers: trailers)
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func reset() {
        state = .head(HTTP1SectionScanner(kind: .response))
        toHEAD = false
        awaiting = false
    }

    private func parseHead(_ bytes: ByteView,
                           _ scanner: HTTP1SectionScanner) throws(HTTPParseError) -> HTTPResponseHead {
        let line = try HTTP1StatusLine.parse(bytes, from: scanner.contentStart, to: scanner.startLineEnd)
        var facts = HTTP1FieldFacts(isRequest: false, maxBodyBytes: limits.maxBodyBytes)
        let headers = try HTTP1FieldParser.parseHead(bytes, from: scanner.startLineEnd + 2,
                                                     capacity: scanner.fieldLines, facts: &facts)
        let isHTTP11 = line.version.minor >= 1
        let status = line.status
        // RFC 9110 §15.2.2: we never send Upgrade, so a 101 is a protocol error.
        if status == 101 { throw .unexpectedSwitchingProtocols }

        if facts.transferEncoding {
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 → faulty framing.
            if !isHTTP11 { throw .transferEncodingInHTTP10 }
            // RFC 9112 §6.3 (3): strict, even where the status makes the body empty: an
            // upstream that sends both is broken or hostile.
            if facts.hasContentLength { throw .contentLengthWithTransferEncoding }
        }

        let framing: HTTPBodyFraming
        if toHEAD || status < 200 || status == 204 || status == 304 {
            // RFC 9112 §6.3 (1): no body whatever the fields say.
            framing = .none
        } else if facts.transferEncoding {
            // RFC 9112 §6.3 (4): chunked final → chunked; otherwise read until close. Other
            // codings are not decoded; they stay visible in the headers.
            framing = facts.chunked && !facts.chunkedNotFinal ? .chunked : .untilClose
        } else if facts.contentLengthTooLarge {
            // The response body limit applies too (a subscriber cannot make us buffer more).
            throw .bodyTooLarge
        } else if facts.contentLength >= 0 {
            framing = .contentLength(facts.contentLength)
        } else {
            // RFC 9112 §6.3 (8).
            framing = .untilClose
        }

        // A close-delimited body can never leave the connection reusable.
        return HTTPResponseHead(version: line.version, status: status, reason: line.reason,
                                headers: headers, keepAlive: facts.persists(isHTTP11: isHTTP11) && framing != .untilClose,
                                framing: framing)
    }
}

/// The parsed status-line (RFC 9112 §4).
struct HTTP1StatusLine {
    var version: HTTPVersion
    var status: Int
    var reason: String

    /// status-line = HTTP-version SP status-code SP [ reason-phrase ]. The only leniency in
    /// the codec: "HTTP/1.1 200" without the second SP is accepted as an empty reason, since
    /// some servers omit it and the reason never affects framing (RFC 9112 §4: a client SHOULD
    /// ignore the reason-phrase).
    static func parse(_ bytes: ByteView, from start: Int,
                      to end: Int) throws(HTTPParseError) -> HTTP1StatusLine {
        guard end - start >= 12, bytes[start + 8] == HTTPBytes.sp else { throw .invalidStatusLine }
        let version: HTTPVersion
        do throws(HTTPParseError) {
            version = try HTTP1RequestLine.parseVersion(bytes, from: start, to: start + 8)
        } catch {
            throw error == .unsupportedVersion ? error : .invalidStatusLine
        }
        // RFC 9110 §15: status-code = 3DIGIT, and valid codes are 100–599.
        let d0 = bytes[start + 9], d1 = bytes[start + 10], d2 = bytes[start + 11]
        guard HTTPBytes.isDigit(d0), HTTPBytes.isDigit(d1), HTTPBytes.isDigit(d2) else { throw .invalidStatusLine }
        let status = Int(d0 &- 0x30) * 100 + Int(d1 &- 0x30) * 10 + Int(d2 &- 0x30)
        guard (100...599).contains(status) else { throw .invalidStatusLine }
        if end - start == 12 { return HTTP1StatusLine(version: version, status: status, reason: "") }
        guard bytes[start + 12] == HTTPBytes.sp else { throw .invalidStatusLine }
        // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ); strict UTF-8 as for field values.
        var high: UInt8 = 0
        for i in (start + 13)..<end {
            guard HTTPBytes.isFieldValueByte(bytes[i]) else { throw .invalidStatusLine }
            high |= bytes[i]
        }
        let reason = high < 0x80 ? bytes.string(start + 13, end) : bytes.validatedString(start + 13, end)
        guard let reason else { throw .invalidStatusLine }
        return HTTP1StatusLine(version: version, status: status, reason: reason)
    }
}
