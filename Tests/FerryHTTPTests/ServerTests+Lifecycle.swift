import FerryHTTP
import FerryIO
import FerryTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// How connections end: timeouts, the connection cap, and graceful drain.
extension ServerTests {
    @Test func aSlowLorisHeadGets408AndIsClosed() throws {
        let server = try TestHTTPServer(configure: { $0.headTimeout = .milliseconds(300) }) { _, responder in
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        try connection.send("GET / HTTP/1.1\r\nHost: test\r\nX-Slow: ")
        let response = try connection.readResponse(timeout: .seconds(3))
        #expect(response.status == 408)
        #expect(response.text == "{\"error\":\"request_timeout\"}")
        #expect(response.headers["Connection"] == "close")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
    }

    @Test func aHeadTrickledByteByByteStillTimesOut() throws {
        // Each byte arrives well within the timeout; the head as a whole does not.
        let server = try TestHTTPServer(configure: { $0.headTimeout = .milliseconds(300) }) { _, responder in
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let connection = try RawHTTPConnection(connectingTo: server.address)
        let trickle = Array("GET / HTTP/1.1\r\nHost: test\r\nX-Trickle: ".utf8) + [UInt8](repeating: 0x61, count: 40)
        var sent = 0
        for byte in trickle {
            guard (try? connection.send([byte])) != nil else { break }
            sent += 1
            if connection.isClosedByPeer(within: .milliseconds(30)) { break }
        }
        #expect(sent < trickle.count, "the trickled head was never cut off")
        #expect(connection.isClosedByPeer(within: .seconds(2)))
        let response = try connection.readResponse()
        #expect(response.status == 408)
    }

    @Test func anIdleKeptAliveConnectionIsClosedSilently() throws {
        let server = try TestHTTPServer(configure: { $0.keepAliveTimeout = .milliseconds(300) }) { _, responder in
            responder.respond(HTTPServerResponse(status: 204))
        }
        defer { server.stop() }
        let used = try RawHTTPConnection(connectingTo: server.address)
        try used.send(get("/"))
        #expect(try used.readResponse().status == 204)
        let unused = try RawHTTPConnection(connectingTo: server.address)
        for connection in [used, unused] {
            // Closed without a 408: nothing was in progress (RFC 9112 §9.5).
            #expect(connection.readAll(timeout: .seconds(3)).isEmpty)
            #expect(connection.isClosedByPeer(within: .zero))
        }
        #expect(waitUntil { server.connectionCount == 0 })
    }

    @Test(arguments: [false, true])
    func connectionsOverTheCapGet503AndAreClosed(sendsRequestFirst: Bool) throws {
        let server = try TestHTTPServer(configure: { $0.maxConnections = 2 }) { _, responder in
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let first = try RawHTTPConnection(connectingTo: server.address)
        let second = try RawHTTPConnection(connectingTo: server.address)
        for connection in [first, second] {
            try connection.send(get("/"))
            #expect(try connection.readResponse().status == 200)
        }
        let third = try RawHTTPConnection(connectingTo: server.address)
        if sendsRequestFirst { try third.send(get("/")) }
        let refused = try third.readResponse()
        #expect(refused.status == 503)
        #expect(refused.headers["Content-Type"] == "application/json")
        #expect(refused.text == "{\"error\":\"unavailable\"}")
        #expect(third.isClosedByPeer(within: .seconds(2)))
        // The two admitted connections are untouched.
        try first.send(get("/"))
        #expect(try first.readResponse().status == 200)
    }

    @Test func drainFinishesInFlightRequestsClosesIdleOnesAndRefusesNewOnes() throws {
        let slowArrived = Mutex(false)
        let server = try TestHTTPServer(configure: { $0.drainTimeout = .seconds(3) }) { request, responder in
            if request.head.target == "/slow" {
                slowArrived.withLock { $0 = true }
                responder.loop.schedule(after: .milliseconds(200)) {
                    responder.respond(HTTPServerResponse(status: 200, body: Array("slow".utf8)))
                }
            } else {
                responder.respond(HTTPServerResponse(status: 200, body: Array("fast".utf8)))
            }
        }
        defer { server.stop() }
        let idle = try RawHTTPConnection(connectingTo: server.address)
        try idle.send(get("/fast"))
        #expect(try idle.readResponse().text == "fast")
        let inFlight = try RawHTTPConnection(connectingTo: server.address)
        try inFlight.send(get("/slow"))
        #expect(waitUntil { slowArrived.withLock { $0 } })

        server.beginDrain()
        #expect(idle.isClosedByPeer(within: .seconds(2)), "an idle connection outlived the drain")
        // The listener closes in the same loop task that closed the idle connection.
        #expect(throws: SystemError.self) { try RawHTTPConnection(connectingTo: server.address) }
        #expect(!server.isDrained, "the drain finished while a request was in flight")

        let response = try inFlight.readResponse()
        #expect(response.text == "slow")
        #expect(response.headers["Connection"] == "close")
        #expect(inFlight.isClosedByPeer(within: .seconds(2)))
        #expect(waitUntil { server.isDrained })
    }

    @Test func drainForceClosesWhatOutlivesTheDrainTimeout() throws {
        // The handler never answers: only the drain timeout can end the connection.
        let server = try TestHTTPServer(configure: { $0.drainTimeout = .milliseconds(200) }) { _, _ in }
        defer { server.stop() }
        let stuck = try RawHTTPConnection(connectingTo: server.address)
        try stuck.send(get("/"))
        #expect(waitUntil { server.connectionCount == 1 })
        server.beginDrain()
        #expect(stuck.isClosedByPeer(within: .seconds(3)))
        #expect(waitUntil { server.isDrained })
    }
}

extension ServerTests {
    @Test func aSecondServerOnABusyPortFailsInsteadOfSharingIt() throws {
        let first = try TestHTTPServer { _, responder in responder.respond(HTTPServerResponse(status: 204)) }
        defer { first.stop() }
        let group = try EventLoopGroup(loopCount: 1)
        let second = HTTPServer(configuration: HTTPServerConfiguration(listen: [first.address]), group: group) { _ in
            NoAnswerHandler()
        }
        let error = #expect(throws: SystemError.self) { try second.start() }
        #expect(error?.errno == EADDRINUSE)
    }
}

/// A handler for servers that never get a request.
private final class NoAnswerHandler: HTTPServerHandler {
    func handle(_ request: HTTPServerRequest, responder: HTTPResponder) {}
}
