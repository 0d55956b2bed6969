// Delimits one message body over successive buffers (RFC 9112 §6.3, §7.1). Shared by the
// request and response parsers. It only moves its state forward when it returns an event, so
// a call that needs more bytes leaves it exactly as it was and the caller re-presents the same
// unconsumed bytes (plus new ones) next time.

/// The body half of a message parser: Content-Length, chunked or close-delimited framing.
struct HTTP1BodyDecoder: Sendable {
    enum Step {
        case needMore
        case body(Range<Int>, consumed: Int)
        case end(HTTPHeaders, consumed: Int)
    }

    enum State: Sendable {
        case length(remaining: Int)
        case chunkLine
        case chunkData(remaining: Int)
        /// Chunk data complete; its CRLF has not been consumed yet.
        case chunkDataEnd
        /// The last-chunk line (`prefix` bytes from the buffer start, including any preceding
        /// chunk-data CRLF) was read; the trailer section is being scanned after it.
        case trailers(prefix: Int, scanner: HTTP1SectionScanner)
        case untilClose
        /// Everything read; the next call reports the end.
        case done
    }

    private(set) var state: State
    /// Chunked running total, checked against maxBodyBytes (RFC 9110 §15.5.14 → 413).
    private var total = 0
    let limits: HTTP1Limits
    /// RFC 9112 §7.1.2: trailer fields count against the same limits as the head.
    let trailerByteBudget: Int
    let trailerFieldBudget: Int

    init(framing: HTTPBodyFraming, headBytes: Int, headFields: Int, limits: HTTP1Limits) {
        switch framing {
        case .none: state = .done
        case .contentLength(let length): state = length == 0 ? .done : .length(remaining: length)
        case .chunked: state = .chunkLine
        case .untilClose: state = .untilClose
        }
        self.limits = limits
        // The final CRLF of an empty trailer section is always allowed, even after a maximal head.
        trailerByteBudget = max(limits.maxHeadBytes - headBytes, 2)
        trailerFieldBudget = max(limits.maxHeaderCount - headFields, 0)
    }

    mutating func next(_ bytes: ByteView?) throws(HTTPParseError) -> Step {
        switch state {
        case .done:
            return .end(HTTPHeaders(), consumed: 0)
        case .length(let remaining):
            guard let bytes else { return .needMore }
            let n = min(remaining, bytes.count)
            state = n == remaining ? .done : .length(remaining: remaining - n)
            return .body(0..<n, consumed: n)
        case .untilClose:
            guard let bytes else { return .needMore }
            return .body(0..<bytes.count, consumed: bytes.count)
        case .chunkData(let remaining):
            guard let bytes else { return .needMore }
            let n = min(remaining, bytes.count)
            guard n == remaining else {
                state = .chunkData(remaining: remaining - n)
                return .body(0..<n, consumed: n)
            }
            // Take the CRLF after the data now when it is already here (saves a call per chunk).
            if bytes.count >= n + 2 && bytes[n] == HTTPBytes.cr && bytes[n + 1] == HTTPBytes.lf {
                state = .chunkLine
                return .body(0..<n, consumed: n + 2)
            }
            state = .chunkDataEnd
            return .body(0..<n, consumed: n)
        case .chunkDataEnd:
            guard let bytes else { return .needMore }
            // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF — exactly CRLF.
            if bytes[0] != HTTPBytes.cr { throw .invalidChunkFraming }
            guard bytes.count >= 2 else { return .needMore }
            if bytes[1] != HTTPBytes.lf { throw .invalidChunkFraming }
            return try chunk(bytes, at: 2)
        case .chunkLine:
            guard let bytes else { return .needMore }
            return try chunk(bytes, at: 0)
        case .trailers(let prefix, var scanner):
            guard let bytes, bytes.count > prefix else { return .needMore }
            return try trailers(bytes, prefix: prefix, scanner: &scanner)
        }
    }

    /// EOF from the peer: only a close-delimited body (or a finished one) ends cleanly.
    mutating func finish() throws(HTTPParseError) -> HTTPHeaders {
        switch state {
        case .untilClose, .done:
            state = .done
            return HTTPHeaders()
        default:
            // RFC 9112 §8: a message cut short by a close is incomplete.
            throw .truncated
        }
    }

    /// Reads a chunk-size line at `offset`, then returns the chunk's available data, or the
    /// end of the body when it is the last chunk and its trailer section is complete.
    private mutating func chunk(_ bytes: ByteView, at offset: Int) throws(HTTPParseError) -> Step {
        guard let (size, dataStart) = try HTTP1ChunkLine.parse(bytes, at: offset,
                                                               maxLineBytes: limits.maxChunkLineBytes)
        else { return .needMore }
        if size == 0 {
            var scanner = HTTP1SectionScanner(kind: .trailers)
            state = .trailers(prefix: dataStart, scanner: scanner)
            guard bytes.count > dataStart else { return .needMore }
            return try trailers(bytes, prefix: dataStart, scanner: &scanner)
        }
        // RFC 9110 §15.5.14: refuse as soon as the size line pushes the total past the limit.
        let (newTotal, overflow) = total.addingReportingOverflow(size)
        if overflow || newTotal > limits.maxBodyBytes { throw .bodyTooLarge }
        let available = bytes.count - dataStart
        guard available > 0 else { return .needMore }
        total = newTotal
        state = .chunkData(remaining: size)
        let rest = ByteView(base: bytes.base + dataStart, count: available)
        guard case .body(let range, let consumed) = try next(rest) else { return .needMore }
        return .body(range.lowerBound + dataStart..<range.upperBound + dataStart, consumed: consumed + dataStart)
    }

    /// RFC 9112 §7.1.2: the trailer section after the last chunk, parsed like header fields
    /// and returned apart from them; then the final CRLF.
    private mutating func trailers(_ bytes: ByteView, prefix: Int,
                                   scanner: inout HTTP1SectionScanner) throws(HTTPParseError) -> Step {
        let section = bytes.dropping(prefix)
        guard let end = try scanner.scan(section, limit: trailerByteBudget,
                                         maxFields: trailerFieldBudget, maxTarget: 0) else {
            state = .trailers(prefix: prefix, scanner: scanner)
            return .needMore
        }
        let trailers = try HTTP1FieldParser.parseTrailers(section, from: 0, capacity: scanner.fieldLines)
        state = .done
        return .end(trailers, consumed: prefix + end)
    }
}
