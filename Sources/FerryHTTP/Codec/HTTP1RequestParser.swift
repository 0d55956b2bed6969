// Server side: turns request bytes into heads, body ranges and ends. Pure and synchronous;
// the connection shell owns the socket and the buffer.

/// Strict incremental HTTP/1.1 request parser (RFC 9112), one per connection.
///
/// Contract: when `next` returns `(nil, 0)` the caller keeps the bytes and calls again with the
/// same bytes followed by new ones; when it returns an event the caller drops `consumed` bytes
/// from the front. A head must fit in one buffer of at most `maxHeadBytes`. After an error the
/// parser is poisoned: every later call throws the same error and the connection must close.
///
/// Where RFC 9112 lets a recipient choose, this parser rejects: bare LF line ends (§2.2),
/// whitespace other than single SPs in the request-line (§3), obs-fold (§5.2), field values
/// that are not UTF-8, any repeated Content-Length even with equal values (RFC 9110 §8.6),
/// Content-Length with Transfer-Encoding (§6.3 (3)), Transfer-Encoding in HTTP/1.0 (§6.1),
/// absolute-form targets other than http(s)://authority (§3.2.2). It tolerates at most two
/// empty lines before a request-line (§2.2 ¶6) and treats HTTP/1.2–1.9 as 1.1 (RFC 9110 §6.2).
public struct HTTP1RequestParser: Sendable {
    private enum State: Sendable {
        case head(HTTP1SectionScanner)
        case body(HTTP1BodyDecoder)
        case failed(HTTPParseError)
    }

    private let limits: HTTP1Limits
    private var state: State

    public init(limits: HTTP1Limits = .init()) {
        self.limits = limits
        state = .head(HTTP1SectionScanner(kind: .request))
    }

    /// Parses the next event from the unconsumed input. Returns (nil, 0) when more bytes are
    /// needed; otherwise the event and how many bytes it consumed (`.end` may consume 0).
    /// Body ranges index into `buffer` and never extend past the message.
    public mutating func next(
        _ buffer: UnsafeRawBufferPointer
    ) throws(HTTPParseError) -> (event: HTTP1ParserEvent<HTTPRequestHead>?, consumed: Int) {
        do throws(HTTPParseError) {
            switch state {
            case .failed(let error):
                throw error
            case .head(var scanner):
                guard let bytes = ByteView(buffer) else { return (nil, 0) }
                guard let end = try scanner.scan(bytes, limit: limits.maxHeadBytes,
                                                 maxFields: limits.maxHeaderCount,
                                                 maxTarget: limits.maxTargetLength) else {
                    state = .head(scanner)
                    return (nil, 0)
                }
                let head = try parseHead(bytes, scanner)
                state = .body(HTTP1BodyDecoder(framing: head.framing, headBytes: end,
                                               headFields: scanner.fieldLines, limits: limits))
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
                    // Ready for the next pipelined request (RFC 9112 §9.3.2).
                    state = .head(HTTP1SectionScanner(kind: .request))
                    return (.end(trailers: trailers), consumed)
                }
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private func parseHead(_ bytes: ByteView,
                           _ scanner: HTTP1SectionScanner) throws(HTTPParseError) -> HTTPRequestHead {
        let line = try HTTP1RequestLine.parse(bytes, from: scanner.contentStart, to: scanner.startLineEnd,
                                              maxTargetLength: limits.maxTargetLength)
        var facts = HTTP1FieldFacts(isRequest: true, maxBodyBytes: limits.maxBodyBytes)
        let headers = try HTTP1FieldParser.parseHead(bytes, from: scanner.startLineEnd + 2,
                                                     capacity: scanner.fieldLines, facts: &facts)
        let isHTTP11 = line.version.minor >= 1

        // RFC 9112 §3.2 ¶6 (with RFC 9110 §7.2): an HTTP/1.1 request without Host → 400.
        // (Several Host lines or an invalid value were refused while reading the fields.)
        if isHTTP11 && facts.hostCount == 0 { throw .missingHost }

        let framing: HTTPBodyFraming
        if facts.transferEncoding {
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing; we reject.
            if !isHTTP11 { throw .transferEncodingInHTTP10 }
            // RFC 9112 §6.3 (3): TE overrides CL but the message "ought to be handled as an
            // error"; we reject (request smuggling, RFC 9112 §11.2).
            if facts.hasContentLength { throw .contentLengthWithTransferEncoding }
            // RFC 9112 §6.3 (4): in a request, chunked not final → 400 and close.
            if facts.chunkedNotFinal || !facts.chunked {
                // RFC 9112 §6.1: an unknown coding without chunked → 501.
                throw facts.chunked ? .chunkedNotFinal : .unsupportedTransferCoding
            }
            // RFC 9112 §6.1: a server receiving a coding it does not understand → 501.
            if facts.otherCoding { throw .unsupportedTransferCoding }
            framing = .chunked
        } else if facts.contentLengthTooLarge {
            // RFC 9110 §15.5.14: refuse from the head, before any body byte arrives.
            throw .bodyTooLarge
        } else if facts.contentLength >= 0 {
            // RFC 9112 §6.3 (6).
            framing = .contentLength(facts.contentLength)
        } else {
            // RFC 9112 §6.3 (7): a request without CL or TE has no body.
            framing = .none
        }

        let keepAlive = facts.persists(isHTTP11: isHTTP11)
        // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        let expectsContinue = isHTTP11 && facts.expectContinue
        return HTTPRequestHead(method: line.method, target: line.target, version: line.version,
                               headers: headers, keepAlive: keepAlive,
                               expectsContinue: expectsContinue, framing: framing)
    }
}
