public import FerryHTTP
public import FerryIO
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An ``HTTPServer`` on `127.0.0.1:0` with its own event loops, answering through a closure:
/// the server side of client tests and the subject of server tests.
///
/// Timeouts default to test-sized values (drain 500 ms) so ``stop()`` is quick; the
/// `configure` closure may change anything before the server starts.
public final class TestHTTPServer: Sendable {
    /// Handler signature: called on the loop the request arrived on; answer through the
    /// responder, now or later, on that loop.
    public typealias Handler = @Sendable (HTTPServerRequest, HTTPResponder) -> Void

    public let server: HTTPServer
    public let group: EventLoopGroup
    /// The bound address (ephemeral port).
    public let address: SocketAddress
    private let drainState = Mutex<DrainState>(DrainState())

    private struct DrainState {
        var started = false
        var finished = false
        var stopped = false
    }

    public init(loops: Int = 1,
                configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                handler: @escaping Handler) throws {
        var configuration = HTTPServerConfiguration(listen: [try SocketAddress(host: "127.0.0.1", port: 0)])
        configuration.drainTimeout = .milliseconds(500)
        configure(&configuration)
        group = try EventLoopGroup(loopCount: loops)
        server = HTTPServer(configuration: configuration, group: group) { _ in ClosureHandler(handler) }
        address = try server.start()[0]
        group.start()
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    public var baseURL: String { "http://\(address)" }

    /// Open connections across the server's loops.
    public var connectionCount: Int { server.connectionCount() }

    /// Starts a graceful drain (once); ``isDrained`` turns true when it completes.
    public func beginDrain() {
        let first = drainState.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        server.drain { [self] in drainState.withLock { $0.finished = true } }
    }

    /// True once a drain begun by ``beginDrain()`` completed on every loop.
    public var isDrained: Bool { drainState.withLock { $0.finished } }

    /// Drains (bounded by the drain timeout plus a margin), stops the loops and waits for
    /// their threads. Safe to call more than once.
    public func stop() {
        let alreadyStopped = drainState.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !alreadyStopped else { return }
        beginDrain()
        _ = waitUntil(timeout: server.configuration.drainTimeout + .seconds(2)) { isDrained }
        group.stop()
        group.waitUntilStopped()
    }
}

/// Adapts a closure to ``HTTPServerHandler``; one per loop, called only on that loop.
private final class ClosureHandler: HTTPServerHandler {
    private let body: TestHTTPServer.Handler

    init(_ body: @escaping TestHTTPServer.Handler) {
        self.body = body
    }

    func handle(_ request: HTTPServerRequest, responder: HTTPResponder) {
        body(request, responder)
    }
}
