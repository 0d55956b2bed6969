import FerryHTTP
import Testing

@Suite("Response parser")
struct ResponseParserTests {
    @Test func contentLength() {
        let input = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        for pieces in [[input.bytes], byteByByte(input.bytes)] {
            let run = runResponseParser(pieces)
            #expect(run.error == nil)
            #expect(run.messages.first?.head.status == 200)
            #expect(run.messages.first?.head.reason == "OK")
            #expect(run.messages.first?.head.framing == .contentLength(5))
            #expect(run.messages.first?.head.keepAlive == true)
            #expect(run.messages.first?.body == "hello".bytes)
        }
    }

    /// RFC 9112 §7.1, §7.1.2.
    @Test func chunkedWithTrailers() {
        let input = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Digest: abc\r\n\r\n"
        for pieces in [[input.bytes], byteByByte(input.bytes)] {
            let run = runResponseParser(pieces)
            #expect(run.error == nil)
            #expect(run.messages.first?.body == "Wikipedia".bytes)
            #expect(run.messages.first?.trailers["x-digest"] == "abc")
            #expect(run.messages.first?.head.headers["X-Digest"] == nil)
        }
    }

    /// RFC 9112 §6.3 (8): no length → read until close; never reusable.
    @Test func untilCloseEndsAtFinish() {
        let input = "HTTP/1.1 200 OK\r\n\r\nstreamed until close"
        let run = runResponseParser([input.bytes], eof: true)
        #expect(run.error == nil)
        #expect(run.messages.first?.head.framing == .untilClose)
        #expect(run.messages.first?.head.keepAlive == false)
        #expect(run.messages.first?.body == "streamed until close".bytes)
    }

    /// RFC 9112 §6.3 (4): a response whose final coding is not chunked is close-delimited.
    @Test func nonChunkedTransferCodingIsUntilClose() {
        let run = runResponseParser(["HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz".bytes], eof: true)
        #expect(run.messages.first?.head.framing == .untilClose)
        #expect(run.messages.first?.body == "xyz".bytes)
    }

    static let bodilessCases: [(String, Bool)] = [
        ("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", false),
        ("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true),
    ]

    /// RFC 9112 §6.3 (1): HEAD responses, 204 and 304 end at the empty line.
    @Test(arguments: bodilessCases)
    func noBody(_ head: String, _ toHEAD: Bool) {
        // Two responses back to back: if the first wrongly took a body, the second would be lost.
        let input = head + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        let run = runResponseParser([input.bytes], toHEAD: [toHEAD, false])
        #expect(run.error == nil)
        #expect(run.messages.count == 2)
        #expect(run.messages.first?.head.framing == HTTPBodyFraming.none)
        #expect(run.messages.first?.body == [])
        #expect(run.messages.last?.body == "ok".bytes)
    }

    /// RFC 9110 §15.2: interim 100 Continue, then the final response.
    @Test func continueThenFinal() {
        let input = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        for pieces in [[input.bytes], byteByByte(input.bytes)] {
            let run = runResponseParser(pieces)
            #expect(run.error == nil)
            #expect(run.interim.map(\.status) == [100])
            #expect(run.messages.map(\.head.status) == [200])
            #expect(run.messages.first?.body == "ok".bytes)
        }
    }

    /// RFC 9112 §8: a close before Content-Length bytes arrived is an incomplete message.
    @Test func truncatedBodyThrowsAtFinish() {
        let run = runResponseParser(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort".bytes], eof: true)
        #expect(run.error == .truncated)
        let chunked = runResponseParser(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel".bytes], eof: true)
        #expect(chunked.error == .truncated)
        let head = runResponseParser(["HTTP/1.1 200 OK\r\nContent-Le".bytes], eof: true)
        #expect(head.error == .truncated)
    }

    @Test func finishWithNothingPendingIsNil() throws {
        var parser = HTTP1ResponseParser()
        #expect(try parser.finish() == nil)
    }

    static let errorCases: [(String, String, HTTPParseError)] = [
        ("RFC 9112 §6.3 (3)", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .contentLengthWithTransferEncoding),
        ("RFC 9112 §6.3 (3)", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", .contentLengthWithTransferEncoding),
        ("RFC 9110 §8.6", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", .multipleContentLength),
        ("RFC 9110 §15", "HTTP/1.1 600 Weird\r\n\r\n", .invalidStatusLine),
        ("RFC 9112 §4", "HTTP/1.1 20 OK\r\n\r\n", .invalidStatusLine),
        ("RFC 9112 §4", "HTTP/1.1  200 OK\r\n\r\n", .invalidStatusLine),
        ("RFC 9112 §4", "HTTP/1.1 200\tOK\r\n\r\n", .invalidStatusLine),
        ("RFC 9112 §2.3", "http/1.1 200 OK\r\n\r\n", .invalidStatusLine),
        ("RFC 9110 §15.6.6", "HTTP/2.0 200 OK\r\n\r\n", .unsupportedVersion),
        ("RFC 9110 §15.2.2", "HTTP/1.1 101 Switching Protocols\r\n\r\n", .unexpectedSwitchingProtocols),
        ("RFC 9112 §2.2 ¶3", "HTTP/1.1 200 OK\nContent-Length: 0\n\n", .bareLF),
        ("RFC 9112 §5.2", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", .obsFold),
        ("RFC 9112 §2.2", "\r\nHTTP/1.1 200 OK\r\n\r\n", .invalidStatusLine),
        ("RFC 9110 §15.5.14", "HTTP/1.1 200 OK\r\nContent-Length: 1048577\r\n\r\n", .bodyTooLarge),
        ("RFC 9112 §6.1", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
    ]

    @Test(arguments: errorCases)
    func rejects(_ rfc: String, _ input: String, _ error: HTTPParseError) {
        #expect(runResponseParser([input.bytes]).error == error, "\(rfc)")
        #expect(runResponseParser(byteByByte(input.bytes)).error == error, "\(rfc) byte by byte")
    }

    /// Documented leniency: a status-line without the SP before an empty reason.
    @Test func missingReasonSeparatorIsTolerated() {
        let run = runResponseParser(["HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n".bytes])
        #expect(run.error == nil)
        #expect(run.messages.first?.head.reason == "")
    }

    static let persistenceCases: [(String, Bool)] = [
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
        ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true),
    ]

    /// RFC 9112 §9.3.
    @Test(arguments: persistenceCases)
    func persistence(_ input: String, _ keepAlive: Bool) {
        #expect(runResponseParser([input.bytes]).messages.first?.head.keepAlive == keepAlive)
    }
}
