import FerryHTTP
import FerryIO
import FerryTestSupport
import Synchronization
import Testing

/// Requests the server refuses: smuggling, oversized heads and bodies, and what the
/// refusal may contain (never the request's own bytes).
extension ServerTests {
    @Test func contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() throws {
        let handled = Mutex(0)
        let server = try TestHTTPServer { _, responder in
            handled.withLock { $0 += 1 }
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        // RFC 9112 §6.3 (3), §11.2: both framings is the request-smuggling vector.
        try connection.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "0\r\n\r\n" + get("/smuggled"))
        let response = try connection.readResponse()
        #expect(response.status == 400)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == "{\"error\":\"bad_request\"}")
        #expect(response.headers["Connection"] == "close")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
        #expect(handled.withLock { $0 } == 0)
    }

    @Test func aHeadOver16KiBGets431WithoutWaitingForItsEnd() throws {
        let server = try TestHTTPServer(configure: { $0.headTimeout = .seconds(30) }) { _, responder in
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        // No blank line: the head never ends, so only the size can trigger the answer.
        try connection.send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + String(repeating: "a", count: 17 * 1024))
        let response = try connection.readResponse(timeout: .seconds(3))
        #expect(response.status == 431)
        #expect(response.text == "{\"error\":\"header_fields_too_large\"}")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
    }

    @Test func aDeclaredBodyOverTheLimitGets413FromTheHead() throws {
        let server = try TestHTTPServer(configure: { $0.limits.maxBodyBytes = 1_000 }) { _, responder in
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        // RFC 9110 §15.5.14: refused before any body byte is sent.
        try connection.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 413)
        #expect(response.text == "{\"error\":\"payload_too_large\"}")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
    }

    @Test func aChunkedBodyPassingTheLimitGets413() throws {
        let handled = Mutex(0)
        let server = try TestHTTPServer(configure: { $0.limits.maxBodyBytes = 100 }) { _, responder in
            handled.withLock { $0 += 1 }
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        let chunk = "40\r\n" + String(repeating: "x", count: 64) + "\r\n"
        // 64 + 64 > 100, and the body never ends: the running total alone must refuse it.
        try connection.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk)
        let response = try connection.readResponse()
        #expect(response.status == 413)
        #expect(connection.isClosedByPeer(within: .seconds(2)))
        #expect(handled.withLock { $0 } == 0)
    }

    static let canary = "CANARY-5e1f0b"

    /// Malformed requests carrying the canary in the target and in field lines.
    static let malformedWithCanary: [MalformedRequest] = [
        MalformedRequest("space in a field name (RFC 9112 §5.1)",
                         "GET /\(canary) HTTP/1.1\r\nHost: test\r\nX-Note: \(canary)\r\nBad Name: \(canary)\r\n\r\n"),
        MalformedRequest("bare LF line ends",
                         "GET /\(canary) HTTP/1.1\nHost: \(canary)\nX-Note: \(canary)\n\n"),
        MalformedRequest("Content-Length with Transfer-Encoding",
                         "POST /\(canary) HTTP/1.1\r\nHost: test\r\nX-Note: \(canary)\r\nContent-Length: 3\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        MalformedRequest("unsupported version",
                         "GET /\(canary) HTTP/2.0\r\nHost: test\r\nX-Note: \(canary)\r\n\r\n"),
        MalformedRequest("invalid Content-Length",
                         "POST /\(canary) HTTP/1.1\r\nHost: test\r\nX-Note: \(canary)\r\nContent-Length: \(canary)\r\n\r\n"),
        MalformedRequest("target too long (414)",
                         "GET /" + String(repeating: canary, count: 700) + " HTTP/1.1\r\nHost: test\r\n\r\n"),
        MalformedRequest("head too large (431)",
                         "GET /\(canary) HTTP/1.1\r\nHost: test\r\nX-Note: " + String(repeating: canary, count: 1_400) + "\r\n\r\n"),
        MalformedRequest("invalid chunk size",
                         "POST /\(canary) HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n\(canary)\r\n"),
    ]

    @Test(arguments: malformedWithCanary)
    func errorAnswersNeverEchoRequestBytes(request: MalformedRequest) throws {
        let server = try TestHTTPServer { _, responder in responder.respond(HTTPServerResponse(status: 200)) }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send(request.bytes)
        let answer = String(decoding: connection.readAll(timeout: .seconds(2)), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 4") || answer.hasPrefix("HTTP/1.1 5"))
        #expect(answer.contains("Connection: close"))
        #expect(!answer.contains(Self.canary))
    }
}

/// A named malformed request, shown by name in test output (the bytes can be kilobytes).
struct MalformedRequest: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: String

    init(_ name: String, _ bytes: String) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}
