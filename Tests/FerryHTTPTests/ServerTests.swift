import FerryHTTP
import FerryIO
import FerryTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server over real sockets: framing, pipelining, persistence, interim answers.
/// Limits, timeouts and the connection lifecycle are in the other `ServerTests+*.swift` files.
@Suite struct ServerTests {
    @Test func answersWithDateAndContentLength() throws {
        let server = try TestHTTPServer { request, responder in
            responder.respond(.json(200, "{\"target\":\"\(request.head.target)\",\"bytes\":\(request.body.count)}"))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("POST /hello?x=1 HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello")
        let response = try connection.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "{\"target\":\"/hello?x=1\",\"bytes\":5}")
        #expect(response.headers["Content-Length"] == String(response.body.count))
        #expect(response.headers["Content-Type"] == "application/json")
        // RFC 9110 §5.6.7 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
        let date = try #require(response.headers["Date"])
        #expect(date.count == 29 && date.hasSuffix(" GMT"))
        #expect(response.headers["Connection"] == nil)
        #expect(!connection.isClosedByPeer(within: .milliseconds(100)))
    }

    @Test func pipelinedRequestsAreAnsweredInOrderWhateverTheHandlerDelays() throws {
        // The slowest answer is for the first request: order must still be a, b, c.
        let delays: [String: Int] = ["/a": 80, "/b": 0, "/c": 30]
        let server = try TestHTTPServer { request, responder in
            let delay = delays[request.head.target] ?? 0
            let response = HTTPServerResponse(status: 200, body: Array(request.head.target.utf8))
            if delay == 0 {
                responder.respond(response)
            } else {
                responder.loop.schedule(after: .milliseconds(delay)) { responder.respond(response) }
            }
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(get("/a") + get("/b") + get("/c"))
        let bodies = try (0..<3).map { _ in try connection.readResponse().text }
        #expect(bodies == ["/a", "/b", "/c"])
    }

    @Test func aHeldAnswerKeepsTheNextPipelinedRequestAway() throws {
        let seen = Mutex<[String]>([])
        let held = LoopBound<[HTTPResponder]>([])
        let server = try TestHTTPServer { request, responder in
            seen.withLock { $0.append(request.head.target) }
            held.value.append(responder)
        }
        defer { server.stop() }
        let loop = server.group.loops[0]
        let answerOldest: @Sendable () -> Void = {
            loop.execute {
                let responder = held.value.removeFirst()
                responder.respond(HTTPServerResponse(status: 200, body: Array("answered".utf8)))
            }
        }

        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(get("/1") + get("/2"))
        #expect(waitUntil { seen.withLock { $0.count } == 1 })
        usleep(100_000)
        #expect(seen.withLock { $0 } == ["/1"], "the second request reached the handler before the first was answered")

        answerOldest()
        #expect(try connection.readResponse().text == "answered")
        #expect(waitUntil { seen.withLock { $0.count } == 2 })
        #expect(seen.withLock { $0 } == ["/1", "/2"])
        answerOldest()
        #expect(try connection.readResponse().status == 200)
    }

    @Test func expectContinueGetsAnInterim100ThenTheFinalAnswer() throws {
        let server = try TestHTTPServer { request, responder in
            responder.respond(HTTPServerResponse(status: 201, body: request.body))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        // RFC 9110 §10.1.1: the client waits for 100 before sending the body.
        let interim = try connection.readResponse()
        #expect(interim.status == 100)
        try connection.send("hello")
        let final = try connection.readResponse()
        #expect(final.status == 201)
        #expect(final.text == "hello")
    }

    @Test func headGetsTheLengthButNoBody() throws {
        let server = try TestHTTPServer { _, responder in
            responder.respond(HTTPServerResponse(status: 200, body: Array("hello world".utf8)))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n")
        let head = try connection.readResponse(toHEAD: true)
        #expect(head.status == 200)
        #expect(head.headers["Content-Length"] == "11")
        #expect(head.body.isEmpty)
        // Body bytes after the HEAD answer would corrupt this next response.
        try connection.send(get("/"))
        #expect(try connection.readResponse().text == "hello world")
    }

    @Test func http10WithoutKeepAliveIsClosedAfterTheAnswer() throws {
        let server = try TestHTTPServer { _, responder in responder.respond(HTTPServerResponse(status: 200)) }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("GET / HTTP/1.0\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["Connection"] == "close")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
    }

    @Test func http10WithKeepAliveIsToldSoAndKept() throws {
        let server = try TestHTTPServer { _, responder in
            responder.respond(HTTPServerResponse(status: 200, body: Array("ok".utf8)))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        for _ in 0..<2 {
            try connection.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Connection"] == "keep-alive")
            #expect(response.text == "ok")
        }
        #expect(!connection.isClosedByPeer(within: .milliseconds(100)))
    }

    @Test(arguments: [0, 60])
    func aClientThatHalfClosesAfterItsRequestStillGetsTheAnswer(handlerDelayMilliseconds: Int) throws {
        let server = try TestHTTPServer { _, responder in
            let response = HTTPServerResponse(status: 200, body: Array("bye".utf8))
            if handlerDelayMilliseconds == 0 {
                responder.respond(response)
            } else {
                responder.loop.schedule(after: .milliseconds(handlerDelayMilliseconds)) { responder.respond(response) }
            }
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(get("/"))
        connection.shutdownWrite()
        let response = try connection.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "bye")
        // `Connection: close` is not promised: the FIN may still be unread when the answer goes out.
        #expect(connection.isClosedByPeer(within: .seconds(2)))
    }

    @Test func aRequestAskingToCloseEndsTheConnectionBeforeAPipelinedOne() throws {
        let handled = Mutex<[String]>([])
        let server = try TestHTTPServer { request, responder in
            handled.withLock { $0.append(request.head.target) }
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(get("/last", "Connection: close\r\n") + get("/ignored"))
        let response = try connection.readResponse()
        #expect(response.headers["Connection"] == "close")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
        #expect(handled.withLock { $0 } == ["/last"])
    }

    @Test func aLargeAnswerReachesAReaderThatIsSlowToStart() throws {
        // Bigger than the socket buffers, so the server must wait for writability.
        let body = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try TestHTTPServer { request, responder in
            responder.respond(HTTPServerResponse(status: 200, body: request.head.target == "/big" ? body : Array("small".utf8)))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(get("/big") + get("/small"))
        usleep(100_000)
        let big = try connection.readResponse(timeout: .seconds(5))
        #expect(big.body.count == body.count)
        #expect(big.body == body)
        #expect(try connection.readResponse().text == "small")
    }

    @Test func aSecondAnswerToTheSameRequestIsIgnored() throws {
        let server = try TestHTTPServer { request, responder in
            responder.respond(HTTPServerResponse(status: 200, body: Array(request.head.target.utf8)))
            responder.respond(HTTPServerResponse(status: 500))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(get("/1") + get("/2"))
        #expect(try connection.readResponse().text == "/1")
        #expect(try connection.readResponse().text == "/2")
        #expect(!connection.isClosedByPeer(within: .milliseconds(100)))
    }
}

/// A minimal HTTP/1.1 GET.
func get(_ target: String, _ extraFields: String = "") -> String {
    "GET \(target) HTTP/1.1\r\nHost: test\r\n\(extraFields)\r\n"
}
