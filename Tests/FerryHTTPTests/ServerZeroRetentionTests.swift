import FerryHTTP
import FerryTestSupport
import Synchronization
import Testing

/// DESIGN.md, "The path of one webhook": the raw body lives only until the answer is
/// written; its buffer is wiped then.
@Suite struct ServerZeroRetentionTests {
    @Test func theRequestBodyIsZeroedOnceTheAnswerIsWritten() throws {
        // A handler that (against the contract) keeps the body it was given, sharing its storage.
        let kept = Mutex<[UInt8]?>(nil)
        let seenBeforeAnswer = Mutex<String?>(nil)
        let server = try TestHTTPServer { request, responder in
            kept.withLock { $0 = request.body }
            seenBeforeAnswer.withLock { $0 = String(decoding: request.body, as: UTF8.self) }
            responder.respond(HTTPServerResponse(status: 204))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("POST /hook HTTP/1.1\r\nHost: t\r\nContent-Length: 18\r\n\r\nCANARY-patient-123")
        let response = try connection.readResponse()
        #expect(response.status == 204)
        #expect(seenBeforeAnswer.withLock { $0 } == "CANARY-patient-123", "the handler saw the body intact")
        // The wipe follows the write on the server's loop; the client may read the answer first.
        let wiped = waitUntil(timeout: .seconds(2)) {
            kept.withLock { $0.map { $0.count == 18 && $0.allSatisfy { $0 == 0 } } ?? false }
        }
        #expect(wiped, "the body's buffer still holds payload bytes after the answer")
    }

    @Test func anEchoedBodyIsWrittenBeforeTheWipe() throws {
        let server = try TestHTTPServer { request, responder in
            responder.respond(HTTPServerResponse(status: 200, body: request.body))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try connection.readResponse().text == "hello")
    }
}
