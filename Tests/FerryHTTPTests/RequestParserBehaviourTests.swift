import FerryHTTP
import Testing

@Suite("Request parser: splitting, pipelining, persistence, limits")
struct RequestParserBehaviourTests {
    static let splitCases: [String] = [
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=\"y\"\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
        "\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: caf\u{E9}\r\n\r\n",
    ]

    /// RFC 9112 §2.2: the outcome never depends on how the bytes arrive.
    @Test(arguments: splitCases)
    func everySplitPositionGivesTheSameMessages(_ input: String) {
        let bytes = input.bytes
        let whole = runRequestParser([bytes])
        #expect(whole.error == nil)
        for split in 0...bytes.count {
            let run = runRequestParser([Array(bytes[..<split]), Array(bytes[split...])])
            #expect(run.error == nil)
            #expect(run.messages.count == whole.messages.count, "split at \(split)")
            for (a, b) in zip(run.messages, whole.messages) {
                #expect(a.head.target == b.head.target)
                #expect(a.body == b.body)
                #expect(a.trailers.count == b.trailers.count)
            }
        }
    }

    /// RFC 9112 §9.3.2: pipelined requests are answered in order.
    @Test func threePipelinedRequests() {
        let input = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody"
            + "POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        for pieces in [[input.bytes], byteByByte(input.bytes)] {
            let run = runRequestParser(pieces)
            #expect(run.error == nil)
            #expect(run.messages.map(\.head.target) == ["/1", "/2", "/3"])
            #expect(run.messages.map(\.body) == [[], "body".bytes, "ok".bytes])
        }
    }

    /// The raw event sequence for one buffer: head, body ranges inside the buffer, end.
    @Test func eventsAndConsumedCounts() throws {
        let bytes = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc".bytes
        var parser = HTTP1RequestParser()
        let headLength = bytes.count - 3
        try bytes.withUnsafeBytes { buffer in
            let (first, used1) = try parser.next(buffer)
            guard case .head(let head) = first else { Issue.record("expected head"); return }
            #expect(head.framing == .contentLength(3))
            #expect(used1 == headLength)
            let rest = UnsafeRawBufferPointer(rebasing: buffer[used1...])
            let (second, used2) = try parser.next(rest)
            guard case .body(let range) = second else { Issue.record("expected body"); return }
            #expect(range == 0..<3 && used2 == 3)
            let (third, used3) = try parser.next(UnsafeRawBufferPointer(rebasing: rest[used2...]))
            guard case .end(let trailers) = third else { Issue.record("expected end"); return }
            #expect(trailers.count == 0 && used3 == 0)
        }
    }

    @Test func needsMoreReturnsNilAndZero() throws {
        var parser = HTTP1RequestParser()
        let partial = "GET / HTTP/1.1\r\nHost: a\r\n\r".bytes
        let (event, consumed) = try partial.withUnsafeBytes { try parser.next($0) }
        #expect(event == nil && consumed == 0)
    }

    /// After an error every call throws the same error (the connection must close).
    @Test func parserIsPoisonedAfterAnError() {
        var parser = HTTP1RequestParser()
        let bad = "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n".bytes
        let good = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".bytes
        #expect(throws: HTTPParseError.bareCR) { try bad.withUnsafeBytes { _ = try parser.next($0) } }
        #expect(throws: HTTPParseError.bareCR) { try good.withUnsafeBytes { _ = try parser.next($0) } }
    }

    static let keepAliveCases: [(String, [String], Bool)] = [
        ("HTTP/1.1", [], true),
        ("HTTP/1.1", ["close"], false),
        ("HTTP/1.1", ["Close"], false),
        ("HTTP/1.1", ["keep-alive, CLOSE"], false),
        ("HTTP/1.1", ["upgrade", "close"], false),
        ("HTTP/1.1", ["keep-alive"], true),
        ("HTTP/1.0", [], false),
        ("HTTP/1.0", ["keep-alive"], true),
        ("HTTP/1.0", ["Keep-Alive"], true),
        ("HTTP/1.0", ["keep-alive", "close"], false),
        ("HTTP/1.0", ["closed"], false),
        ("HTTP/1.1", ["closed"], true),
    ]

    /// RFC 9112 §9.3: persistence defaults by version, changed by Connection tokens.
    @Test(arguments: keepAliveCases)
    func keepAlive(_ version: String, _ connection: [String], _ expected: Bool) {
        let fields = connection.map { "Connection: \($0)\r\n" }.joined()
        let run = runRequestParser(["GET / \(version)\r\nHost: a\r\n\(fields)\r\n".bytes])
        #expect(run.messages.first?.head.keepAlive == expected)
    }

    static let continueCases: [(String, String?, Bool)] = [
        ("HTTP/1.1", "100-continue", true),
        ("HTTP/1.1", "100-Continue", true),
        ("HTTP/1.1", nil, false),
        ("HTTP/1.1", "something-else", false),
        ("HTTP/1.0", "100-continue", false),
    ]

    /// RFC 9110 §10.1.1: 100-continue, case-insensitive, ignored in HTTP/1.0.
    @Test(arguments: continueCases)
    func expectsContinue(_ version: String, _ expect: String?, _ expected: Bool) {
        let field = expect.map { "Expect: \($0)\r\n" } ?? ""
        let run = runRequestParser(["POST / \(version)\r\nHost: a\r\n\(field)Content-Length: 1\r\n\r\nx".bytes])
        #expect(run.messages.first?.head.expectsContinue == expected)
    }

    // MARK: limits

    /// RFC 6585 §5: 431 as soon as more than maxHeadBytes arrive without the end of the head.
    @Test func headTooLargeWithoutWaitingForTheEnd() throws {
        var parser = HTTP1RequestParser()
        var bytes = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ".bytes
        bytes += [UInt8](repeating: 0x61, count: 16 * 1024 - bytes.count)
        let (event, _) = try bytes.withUnsafeBytes { try parser.next($0) }
        #expect(event == nil)
        bytes.append(0x61)
        #expect(throws: HTTPParseError.headTooLarge) { try bytes.withUnsafeBytes { _ = try parser.next($0) } }
        #expect(HTTPParseError.headTooLarge.status == 431)
    }

    @Test func headOfExactlyTheLimitIsAccepted() {
        let prefix = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: "
        let filler = String(repeating: "a", count: 16 * 1024 - prefix.utf8.count - 4)
        let run = runRequestParser([(prefix + filler + "\r\n\r\n").bytes])
        #expect(run.error == nil && run.messages.count == 1)
    }

    /// RFC 9110 §15.5.15: 414 once the target passes the limit, before the line ends.
    @Test func targetTooLongAsSoonAsSeen() {
        let start = "GET /" + String(repeating: "a", count: 8 * 1024)
        #expect(runRequestParser([start.bytes]).error == .targetTooLong)
        let exact = "GET /" + String(repeating: "a", count: 8 * 1024 - 1) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(runRequestParser([exact.bytes]).messages.count == 1)
        #expect(HTTPParseError.targetTooLong.status == 414)
    }

    /// RFC 6585 §5: more than maxHeaderCount fields → 431.
    @Test func tooManyHeaders() {
        let fields = (0..<99).map { "X-\($0): v\r\n" }.joined()
        let hundred = "GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n"
        #expect(runRequestParser([hundred.bytes]).messages.first?.head.headers.count == 100)
        let hundredOne = "GET / HTTP/1.1\r\nHost: a\r\nX-Extra: 1\r\n\(fields)\r\n"
        #expect(runRequestParser([hundredOne.bytes]).error == .tooManyHeaders)
        #expect(HTTPParseError.tooManyHeaders.status == 431)
    }

    /// RFC 9110 §15.5.14: Content-Length at the limit passes, one more → 413 from the head.
    @Test func contentLengthLimit() throws {
        var parser = HTTP1RequestParser()
        let head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n".bytes
        let (event, _) = try head.withUnsafeBytes { try parser.next($0) }
        guard case .head(let parsed) = event else { Issue.record("expected head"); return }
        #expect(parsed.framing == .contentLength(1 << 20))
        #expect(runRequestParser(["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n".bytes]).error == .bodyTooLarge)
        #expect(HTTPParseError.bodyTooLarge.status == 413)
    }

    /// RFC 9110 §15.5.14: the chunked running total is checked when each size line is read.
    @Test func chunkedRunningTotal() {
        let limits = HTTP1Limits(maxBodyBytes: 10)
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n"
        #expect(runRequestParser([input.bytes], limits: limits).error == .bodyTooLarge)
        let fits = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"
        #expect(runRequestParser([fits.bytes], limits: limits).messages.first?.body == "helloworld".bytes)
    }

    /// RFC 9112 §7.1.2: trailer lines count against the header-count budget.
    @Test func trailersCountAgainstLimits() {
        let limits = HTTP1Limits(maxHeaderCount: 3)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        #expect(runRequestParser([(head + "T: 1\r\n\r\n").bytes], limits: limits).messages.count == 1)
        #expect(runRequestParser([(head + "T: 1\r\nU: 2\r\n\r\n").bytes], limits: limits).error == .tooManyHeaders)
    }

    @Test func statusForEachErrorClass() {
        #expect(HTTPParseError.invalidRequestLine.status == 400)
        #expect(HTTPParseError.unsupportedTransferCoding.status == 501)
        #expect(HTTPParseError.unsupportedVersion.status == 505)
        #expect(HTTPParseError.contentLengthWithTransferEncoding.status == 400)
    }

    /// Zero retention: an error's description never echoes input bytes.
    @Test func errorDescriptionsNeverContainInput() {
        let canary = "PHI-CANARY-4711"
        let inputs = [
            "GET /\(canary) HTTP/9.9\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-\(canary) : v\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: \(canary) x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: \(canary)\r\n\r\n",
            "\(canary) / HTTP/1.1\r\n\r\n",
        ]
        for input in inputs {
            let error = runRequestParser([input.bytes]).error
            #expect(error != nil)
            #expect(!(error?.description.contains("CANARY") ?? true))
            #expect(!String(describing: error).contains("CANARY"))
        }
    }
}
