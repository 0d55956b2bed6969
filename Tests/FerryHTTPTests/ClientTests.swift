import FerryHTTP
import FerryIO
import FerryTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 client and its per-origin pool, against a real server and against
/// deliberately broken ones (``RawTCPServer``).
@Suite struct ClientTests {
    @Test func postRoundTripCarriesTheBodyAndHost() async throws {
        let seen = Mutex<HTTPServerRequest?>(nil)
        let server = try TestHTTPServer { request, responder in
            seen.withLock { $0 = request }
            responder.respond(HTTPServerResponse(status: 201, headers: ["X-Echo": "yes"], body: request.body.reversed()))
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }

        let response = try await client.execute(.POST, server.baseURL + "/deliveries?id=7",
                                                headers: ["Content-Type": "text/plain"], body: Array("payload".utf8)).get()
        #expect(response.status == 201)
        #expect(response.head.headers["X-Echo"] == "yes")
        #expect(String(decoding: response.body, as: UTF8.self) == "daolyap")
        let request = try #require(seen.withLock { $0 })
        #expect(request.head.method == .POST)
        #expect(request.head.target == "/deliveries?id=7")
        #expect(request.head.headers["Host"] == "127.0.0.1:\(server.address.port)")
        #expect(request.head.headers["Content-Length"] == "7")
        #expect(request.head.headers["Content-Type"] == "text/plain")
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let ports = Mutex<[Int]>([])
        let server = try TestHTTPServer { request, responder in
            ports.withLock { $0.append(request.remoteAddress?.port ?? -1) }
            responder.respond(HTTPServerResponse(status: 200))
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        for _ in 0..<3 {
            #expect(try await client.execute(.GET, server.baseURL + "/").get().status == 200)
        }
        #expect(ports.withLock { Set($0).count } == 1)
        #expect(try client.connectionCount(for: server.baseURL) == 1)
    }

    @Test func thePerOriginCapQueuesRequestsBeyondIt() async throws {
        let ports = Mutex<Set<Int>>([])
        let server = try TestHTTPServer { request, responder in
            ports.withLock { _ = $0.insert(request.remoteAddress?.port ?? -1) }
            responder.loop.schedule(after: .milliseconds(40)) { responder.respond(HTTPServerResponse(status: 200)) }
        }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.maxConnectionsPerOrigin = 2
        let client = try TestHTTPClient(configuration: configuration)
        defer { client.shutdown() }

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask { try await client.execute(.GET, server.baseURL + "/").get().status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 6))
        // Two connections carried all six: never more than the cap at once.
        #expect(ports.withLock { $0.count } == 2)
        #expect(try client.connectionCount(for: server.baseURL) == 2)
    }

    @Test func aServerThatNeverAnswersHitsTheDeadlineAndLosesTheConnection() async throws {
        let server = try TestHTTPServer { _, _ in }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let result = try await client.execute(.GET, server.baseURL + "/", timeout: .milliseconds(200))
        #expect(result.failure == .deadlineExceeded)
        #expect(result.failure?.isTimeout == true)
        // The connection was mid-exchange, so it cannot be reused: it is closed.
        #expect(try client.connectionCount(for: server.baseURL) == 0)
    }

    @Test func aRefusedConnectionReportsECONNREFUSED() async throws {
        // Bound but not listening: the port is ours and nobody accepts on it.
        let fd = try Syscall.socket(domain: AF_INET, type: Int32(SOCK_STREAM.rawValue))
        defer { Syscall.close(fd) }
        try Syscall.bind(fd, try SocketAddress(host: "127.0.0.1", port: 0))
        let address = try Syscall.getsockname(fd)
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let result = try await client.execute(.GET, "http://\(address)/")
        #expect(result.failure == .connectFailed(errno: ECONNREFUSED))
        #expect(try client.connectionCount(for: "http://\(address)/") == 0)
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let targets = Mutex<[String]>([])
        let server = try TestHTTPServer { request, responder in
            targets.withLock { $0.append(request.head.target) }
            responder.respond(HTTPServerResponse(status: 302, headers: ["Location": "/elsewhere"]))
        }
        defer { server.stop() }
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(.POST, server.baseURL + "/start", body: Array("x".utf8)).get()
        #expect(response.status == 302)
        #expect(response.head.headers["Location"] == "/elsewhere")
        #expect(targets.withLock { $0 } == ["/start"])
    }

    @Test func httpsIsRefusedUntilTheTLSLayerExists() async throws {
        let client = try TestHTTPClient()
        defer { client.shutdown() }
        let result = try await client.execute(.GET, "https://127.0.0.1:1/")
        #expect(result.failure == .unsupportedScheme)
    }

    @Test func aResponseOverTheLimitIsRefused() async throws {
        let server = try TestHTTPServer { request, responder in
            responder.respond(HTTPServerResponse(status: 200, body: [UInt8](repeating: 0x41, count: 5_000)))
        }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.limits.maxBodyBytes = 1_000
        let client = try TestHTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let result = try await client.execute(.GET, server.baseURL + "/")
        #expect(result.failure == .responseTooLarge)
        #expect(try client.connectionCount(for: server.baseURL) == 0)
    }

    @Test func aChunkedResponseOverTheLimitIsRefused() async throws {
        let server = try RawTCPServer { connection, _ in
            guard (try? connection.readRequest()) != nil else { return }
            let chunk = "200\r\n" + String(repeating: "b", count: 512) + "\r\n"
            try? connection.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk)
            _ = connection.readAll(timeout: .seconds(2))
        }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.limits.maxBodyBytes = 1_000
        let client = try TestHTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let result = try await client.execute(.GET, "http://\(server.address)/")
        #expect(result.failure == .responseTooLarge)
    }
}

extension Result {
    /// The error, if this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
