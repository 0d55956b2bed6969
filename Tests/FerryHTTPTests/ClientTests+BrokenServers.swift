import FerryHTTP
import FerryIO
import FerryTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The client against servers that break the protocol or the connection on purpose.
extension ClientTests {
    static let okResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    @Test func garbageIsAProtocolErrorAndTheConnectionIsNotReused() async throws {
        let server = try RawTCPServer { connection, index in
            while (try? connection.readRequest()) != nil {
                try? connection.send(index == 0 ? "NOT HTTP AT ALL\r\n\r\n" : Self.okResponse)
            }
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let url = "http://\(server.address)/"
        #expect(try await client.execute(.GET, url).failure == .protocolError)
        #expect(try client.connectionCount(for: url) == 0)
        #expect(try await client.execute(.GET, url).get().status == 200)
        #expect(server.acceptedCount == 2)
    }

    @Test func aKeptAliveConnectionTheServerClosedIsReplaced() async throws {
        // The server answers with keep-alive, then closes anyway.
        let server = try RawTCPServer { connection, _ in
            guard (try? connection.readRequest()) != nil else { return }
            try? connection.send(Self.okResponse)
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let url = "http://\(server.address)/"
        #expect(try await client.execute(.GET, url).get().status == 200)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await client.execute(.GET, url).get().status == 200)
        #expect(server.acceptedCount == 2)
    }

    @Test func aRequestOnAConnectionClosedUnderItIsRetriedOnAFreshOne() async throws {
        // RFC 9112 §9.3.1: the server read the second request, then closed without a byte of
        // answer (the race of an idle timeout). The client sends it once more, on a new connection.
        let server = try RawTCPServer { connection, index in
            guard (try? connection.readRequest()) != nil else { return }
            try? connection.send(Self.okResponse)
            if index == 0 {
                _ = try? connection.readRequest()
                return   // close without answering
            }
            _ = connection.readAll(timeout: .seconds(2))
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let url = "http://\(server.address)/"
        #expect(try await client.execute(.GET, url).get().status == 200)
        let retried = try await client.execute(.GET, url)
        #expect(retried.failure == nil)
        #expect(try retried.get().status == 200)
        #expect(server.acceptedCount == 2)
    }

    @Test func aResponseCutShortIsAConnectionResetNotRetried() async throws {
        let requests = Mutex(0)
        let server = try RawTCPServer { connection, _ in
            guard (try? connection.readRequest()) != nil else { return }
            requests.withLock { $0 += 1 }
            try? connection.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let result = try await client.execute(.POST, "http://\(server.address)/", body: Array("once".utf8))
        #expect(result.failure == .connectionReset())
        // Bytes of an answer arrived: the request may have been acted on, so it is not sent again.
        #expect(requests.withLock { $0 } == 1)
    }

    @Test func aChunkedResponseKeepsItsTrailersApartAndTheConnectionReusable() async throws {
        let server = try RawTCPServer { connection, _ in
            // A long wait for the next request: on a loaded machine the client's second request
            // may come late, and a server-side close would make it look like no reuse.
            while (try? connection.readRequest(timeout: .seconds(30))) != nil {
                try? connection.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                                     + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Checksum: abc123\r\n\r\n")
            }
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let url = "http://\(server.address)/"
        for _ in 0..<2 {
            let response = try await client.execute(.GET, url).get()
            #expect(String(decoding: response.body, as: UTF8.self) == "hello world")
            #expect(response.trailers["X-Checksum"] == "abc123")
            #expect(response.head.headers["X-Checksum"] == nil)
        }
        #expect(server.acceptedCount == 1)
    }

    @Test func aCloseDelimitedResponseEndsAtTheClose() async throws {
        let server = try RawTCPServer { connection, _ in
            guard (try? connection.readRequest()) != nil else { return }
            try? connection.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nread until ")
            usleep(30_000)
            try? connection.send("the end")
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let url = "http://\(server.address)/"
        let response = try await client.execute(.GET, url).get()
        #expect(String(decoding: response.body, as: UTF8.self) == "read until the end")
        #expect(try client.connectionCount(for: url) == 0)
        #expect(try await client.execute(.GET, url).get().status == 200)
        #expect(server.acceptedCount == 2)
    }

    @Test func anInterimResponseIsSkippedForTheFinalOne() async throws {
        let server = try RawTCPServer { connection, _ in
            guard (try? connection.readRequest()) != nil else { return }
            try? connection.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + Self.okResponse)
            _ = connection.readAll(timeout: .seconds(2))
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(.POST, "http://\(server.address)/", body: Array("x".utf8)).get()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "ok")
    }

    @Test func shutdownFailsTheRequestInFlightAndClosesItsConnection() async throws {
        let server = try TestHTTPServer { _, responder in
            // Far later than the shutdown, however busy the machine (the server's stop closes it first).
            responder.loop.schedule(after: .seconds(60)) { responder.respond(HTTPServerResponse(status: 200)) }
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        async let result = client.execute(.GET, server.baseURL + "/", timeout: .seconds(30))
        // Generous: other tests block cooperative threads while they wait on sockets, and the
        // request's task may only get to run after them.
        #expect(await eventually(timeout: .seconds(15)) { server.connectionCount == 1 })
        // The loop keeps running: the answer still arrives, and must find nothing to touch.
        client.shutdownClient()
        #expect(try await result.failure == .shutDown)
        // The client let its connection go (the server only notices when its answer is written).
        #expect(try client.connectionCount(for: server.baseURL + "/") == 0)
    }
}
