public import FerryHTTP
public import FerryIO
import Dispatch
import Synchronization

/// An ``HTTPClient`` on its own one-loop group, callable from async tests.
///
/// `HTTPClient` is confined to its loop and not `Sendable`: it is created on the loop and
/// only ever touched there (every entry point below hops with `loop.execute`). That
/// confinement, which the compiler cannot see, is why this box is `@unchecked Sendable`.
public final class TestHTTPClient: @unchecked Sendable {
    public let group: EventLoopGroup
    public var loop: EventLoop { group.loops[0] }
    /// Loop-confined; set once on the loop before any request.
    private var client: HTTPClient?

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws {
        group = try EventLoopGroup(loopCount: 1)
        group.start()
        let loop = group.loops[0]
        loop.executeAndWait { [self] in
            client = HTTPClient(loop: loop, configuration: configuration)
        }
    }

    /// Sends `request` with the client's own deadline `timeout` from now and returns what
    /// the client called back with. Throws ``ClientCallbackMissing`` if the client never
    /// calls back (a bug: the client promises a completion by the deadline).
    public func execute(_ request: HTTPClientRequest,
                        timeout: Duration = .seconds(2)) async throws(ClientCallbackMissing) -> Result<HTTPClientResponse, HTTPClientError> {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>?, Never>) in
            let once = Mutex<CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>?, Never>?>(continuation)
            let resume: @Sendable (Result<HTTPClientResponse, HTTPClientError>?) -> Void = { value in
                once.withLock { pending in
                    pending?.resume(returning: value)
                    pending = nil
                }
            }
            loop.execute { [self] in
                guard let client else { return resume(.failure(.shutDown)) }
                client.execute(request, timeout: timeout) { result in resume(result) }
            }
            // Watchdog: a missing completion fails the test instead of hanging it.
            let watchdog = timeout + .seconds(3)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(watchdog.nanoseconds))) {
                resume(nil)
            }
        }
        guard let outcome else { throw ClientCallbackMissing() }
        return outcome
    }

    /// Convenience: parses `url` and sends a request.
    public func execute(_ method: HTTPMethod = .GET, _ url: String, headers: HTTPHeaders = HTTPHeaders(),
                        body: [UInt8] = [], timeout: Duration = .seconds(2)) async throws -> Result<HTTPClientResponse, HTTPClientError> {
        let request = HTTPClientRequest(method: method, url: try HTTPURL(url), headers: headers, body: body)
        return try await execute(request, timeout: timeout)
    }

    /// Open pooled connections to `url`'s origin, read on the loop.
    public func connectionCount(for url: String) throws -> Int {
        let parsed = try HTTPURL(url)
        return loop.executeAndWait { [self] in client?.connectionCount(for: parsed) ?? 0 }
    }

    /// Calls `HTTPClient.shutdown()` on the loop, which keeps running (so what the client
    /// left behind can still be observed). Safe to call more than once.
    public func shutdownClient() {
        loop.executeAndWait { [self] in
            client?.shutdown()
        }
    }

    /// Shuts the client down, releases it on its loop and stops the loop.
    public func shutdown() {
        loop.executeAndWait { [self] in
            client?.shutdown()
            client = nil
        }
        group.stop()
        group.waitUntilStopped()
    }
}

/// The client did not call back within its deadline plus a margin.
public struct ClientCallbackMissing: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "HTTPClient never called back" }
}
