public import FerryIO

/// An HTTP/1.1 client with a keep-alive pool per origin, confined to one event loop.
///
/// Each loop owns its own client (shared-nothing per core, DESIGN.md): every call is made
/// on `loop`'s thread and every completion runs there. Redirects are never followed: a
/// 3xx is returned like any other response (DESIGN.md, Outbound).
public final class HTTPClient {
    public let loop: EventLoop
    public let configuration: HTTPClientConfiguration
    private var pools: [String: OriginPool] = [:]
    private var isShutDown = false

    public init(loop: EventLoop, configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.loop = loop
        self.configuration = configuration
    }

    /// Sends `request`; `completion` runs once on this loop, by `deadline` (monotonic ns,
    /// see ``EventLoop/now``) at the latest.
    public func execute(_ request: HTTPClientRequest, deadline: UInt64,
                        _ completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void) {
        loop.assertInEventLoop()
        guard !isShutDown else { return completion(.failure(.shutDown)) }
        guard request.url.scheme == "http" else { return completion(.failure(.unsupportedScheme)) }
        let pending = PendingRequest(request: request, loop: loop, completion: completion)
        // Strong captures throughout: `complete` cancels this timer, and a weak reference would
        // give every request a side table (an allocation and slow reference counting).
        pending.timer = loop.schedule(at: deadline) {
            pending.timer = nil
            // The connection is mid-exchange: it cannot be reused, so it goes too.
            let connection = pending.connection
            pending.complete(.failure(.deadlineExceeded))
            connection?.close()
        }
        pool(for: request.url).submit(pending)
    }

    /// Sends `request` with a deadline `timeout` from now.
    public func execute(_ request: HTTPClientRequest, timeout: Duration,
                        _ completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void) {
        execute(request, deadline: loop.now &+ timeout.nanoseconds, completion)
    }

    /// Fails waiting requests, closes every connection, and refuses new requests.
    public func shutdown() {
        loop.assertInEventLoop()
        isShutDown = true
        for pool in pools.values { pool.shutdown() }
        pools.removeAll()
    }

    /// Open connections to `url`'s origin (for tests and metrics).
    public func connectionCount(for url: HTTPURL) -> Int {
        pools[url.origin]?.connectionCount ?? 0
    }

    private func pool(for url: HTTPURL) -> OriginPool {
        if let pool = pools[url.origin] { return pool }
        let pool = OriginPool(url: url, loop: loop, configuration: configuration)
        pools[url.origin] = pool
        return pool
    }
}

/// One request on its way: its completion runs exactly once.
final class PendingRequest {
    let request: HTTPClientRequest
    private var completion: ((Result<HTTPClientResponse, HTTPClientError>) -> Void)?
    var timer: TimerHandle?
    /// The connection carrying this request; cleared by `complete`, which breaks the cycle.
    var connection: HTTPClientConnection?
    /// Sends so far; a request is re-sent at most once, on a fresh connection, when a
    /// reused keep-alive connection turned out to be closed by the peer.
    var attempts = 0

    private unowned let loop: EventLoop

    init(request: HTTPClientRequest, loop: EventLoop,
         completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void) {
        self.request = request
        self.loop = loop
        self.completion = completion
    }

    var isComplete: Bool { completion == nil }

    func complete(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        guard let completion else { return }
        self.completion = nil
        connection = nil
        if let timer { loop.cancel(timer) }
        timer = nil
        completion(result)
    }
}
