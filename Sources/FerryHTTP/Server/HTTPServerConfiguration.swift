public import FerryIO

/// How an ``HTTPServer`` listens, what it accepts and how long it waits.
public struct HTTPServerConfiguration: Sendable {
    /// Addresses to listen on; each loop binds each of them with `SO_REUSEPORT`.
    public var listen: [SocketAddress]
    /// Parser limits (head, header count, target length, body).
    public var limits = HTTP1Limits()
    /// Longest time from a request's first byte to the end of its head (slow-loris guard).
    public var headTimeout: Duration = .seconds(10)
    /// Longest silence while a body is being received.
    public var bodyIdleTimeout: Duration = .seconds(10)
    /// Longest silence between requests on a kept-alive connection.
    public var keepAliveTimeout: Duration = .seconds(30)
    /// Longest time a peer may leave a response unread before the connection is dropped.
    public var writeTimeout: Duration = .seconds(10)
    /// Open connections allowed in the whole process; beyond it new ones get 503 and close.
    public var maxConnections = 10_000
    /// How long a graceful drain waits for in-flight requests before closing them.
    public var drainTimeout: Duration = .seconds(10)
    /// The `listen(2)` backlog of each listener.
    public var backlog: Int32 = 1024

    public init(listen: [SocketAddress]) {
        self.listen = listen
    }
}
