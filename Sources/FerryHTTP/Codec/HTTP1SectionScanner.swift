// Finds where a head (start line + fields) or a trailer section ends, across calls.
// The caller keeps unconsumed bytes and appends new ones, so the bytes already checked stay at
// the same offsets: the scanner resumes where it stopped and never rescans (a client sending
// one byte at a time costs O(n), not O(n²)). It validates line terminators and NUL on the way,
// so the line parsers that run afterwards may assume every CR is followed by LF.

/// Incremental end-of-section finder for request heads, response heads and trailer sections.
struct HTTP1SectionScanner: Sendable {
    enum Kind: Sendable { case request, response, trailers }

    /// RFC 9112 §2.2 ¶6: a server SHOULD ignore at least one empty line before a request-line
    /// (old clients send CRLF after a POST body). We ignore at most this many, then reject:
    /// tolerating an unbounded run would let a peer hold the connection with empty lines.
    static let maxLeadingEmptyLines = 2

    let kind: Kind
    /// Index of the first byte of the start line, after ignored empty lines.
    private(set) var contentStart = 0
    /// Index of the CR that ends the start line (request/response only), -1 before it is seen.
    private(set) var startLineEnd = -1
    /// Field lines seen so far (not counting the start line).
    private(set) var fieldLines = 0
    /// Bytes already validated.
    private(set) var scanned = 0
    private var lineStart = 0
    private var emptyLinesSkipped = 0
    private var firstSpace = -1
    private var secondSpace = -1

    init(kind: Kind) { self.kind = kind }

    /// Returns the index just past the CRLF that ends the section, or nil if more bytes are needed.
    /// - limit: the section may span at most this many bytes (→ 431 once exceeded).
    /// - maxFields: field lines allowed (→ 431 once exceeded).
    /// - maxTarget: request-target length allowed (requests only, → 414 as soon as exceeded).
    mutating func scan(_ bytes: ByteView, limit: Int, maxFields: Int,
                       maxTarget: Int) throws(HTTPParseError) -> Int? {
        let count = bytes.count
        let bound = min(count, limit)
        let hasStartLine = kind != .trailers
        // Work on locals so the hot loop keeps its state in registers; store back on exit.
        var i = scanned
        var lineStart = self.lineStart
        var startLineEnd = self.startLineEnd
        var fieldLines = self.fieldLines
        var firstSpace = self.firstSpace
        var secondSpace = self.secondSpace
        defer {
            self.lineStart = lineStart
            self.startLineEnd = startLineEnd
            self.fieldLines = fieldLines
            self.firstSpace = firstSpace
            self.secondSpace = secondSpace
        }
        while i < bound {
            if kind == .request && startLineEnd < 0 && secondSpace < 0 {
                // In the request-line, SPs matter too (they delimit the target).
                i = bytes.skipOrdinary(from: i, to: bound, stoppingAtSpace: true)
                // RFC 9110 §15.5.15: 414 once a target byte lies past the limit. Checking the last
                // skipped byte decides it at the same byte however the input was split.
                if firstSpace >= 0 && i - 1 - firstSpace > maxTarget { throw .targetTooLong }
            } else {
                // Elsewhere only CR, LF and NUL (all ≤ 0x0D) need a look.
                i = bytes.skipOrdinary(from: i, to: bound, stoppingAtSpace: false)
            }
            if i == bound { break }
            let byte = bytes[i]
            if byte == HTTPBytes.cr {
                // A CR at the end of what we may read: wait for its LF (or give up at the limit).
                if i + 1 >= bound { break }
                // RFC 9112 §2.2 ¶4: a bare CR makes the element invalid; we reject the message.
                guard bytes[i + 1] == HTTPBytes.lf else { throw .bareCR }
                if i == lineStart {
                    if hasStartLine && startLineEnd < 0 {
                        // Empty line where the start line should be.
                        guard kind == .request else { throw .invalidStatusLine }
                        guard emptyLinesSkipped < Self.maxLeadingEmptyLines else { throw .tooManyEmptyLines }
                        emptyLinesSkipped += 1
                        lineStart = i + 2
                        contentStart = i + 2
                        i += 2
                        continue
                    }
                    scanned = i + 2
                    return i + 2
                }
                if hasStartLine && startLineEnd < 0 {
                    startLineEnd = i
                } else {
                    fieldLines += 1
                    // RFC 6585 §5: too many fields → 431, decided before the section ends.
                    if fieldLines > maxFields { throw .tooManyHeaders }
                }
                lineStart = i + 2
                i += 2
                continue
            }
            // RFC 9112 §2.2 ¶3 lets a recipient accept a bare LF as a line terminator; we do not
            // (strict): parsers that disagree on line ends are how requests get smuggled.
            if byte == HTTPBytes.lf { throw .bareLF }
            // RFC 9110 §5.5: NUL is never valid in a head; reject rather than risk C-string
            // truncation downstream.
            if byte == 0 { throw .nulByte }
            if byte == HTTPBytes.sp && kind == .request && startLineEnd < 0 {
                if firstSpace < 0 { firstSpace = i } else if secondSpace < 0 { secondSpace = i }
            }
            i += 1
        }
        scanned = i
        // The whole section must fit in `limit` bytes; more bytes without its end → 431 now.
        if count > limit { throw .headTooLarge }
        return nil
    }
}
