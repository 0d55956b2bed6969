public import FerryIO
internal import Synchronization

/// An HTTP/1.1 server: one listener per address per loop (`SO_REUSEPORT`), one handler
/// per loop, graceful drain.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    public let group: EventLoopGroup
    private let contexts: [LoopBox]
    private let bound = Mutex<[SocketAddress]>([])

    /// Holds a loop-confined context; it is only touched on its own loop.
    private final class LoopBox: @unchecked Sendable {
        var context: HTTPServerLoop?
    }

    /// Creates the server; `makeHandler` is called once per loop, on that loop.
    public init(configuration: HTTPServerConfiguration, group: EventLoopGroup,
                makeHandler: @escaping @Sendable (EventLoop) -> any HTTPServerHandler) {
        self.configuration = configuration
        self.group = group
        self.contexts = group.loops.map { loop in
            let box = LoopBox()
            loop.executeAndWait {
                box.context = HTTPServerLoop(loop: loop, configuration: configuration,
                                             handler: makeHandler(loop), loopCount: group.loops.count)
            }
            return box
        }
    }

    /// Binds every configured address on every loop. Port 0 picks one free port, shared
    /// by all loops. Returns the addresses actually bound.
    @discardableResult
    public func start() throws(SystemError) -> [SocketAddress] {
        var addresses: [SocketAddress] = []
        for requested in configuration.listen {
            if requested.port != 0 {
                // SO_REUSEPORT would let a second Ferry (same user) bind the port and silently
                // take half the traffic; a probe bound without it fails with EADDRINUSE instead.
                let probe = try Socket.listen(on: requested, backlog: 1, reusePort: false)
                Syscall.close(probe)
            }
            var address = requested
            for (loop, box) in zip(group.loops, contexts) {
                let fd = try Socket.listen(on: address, backlog: configuration.backlog, reusePort: true)
                if address.port == 0 {
                    address = try Syscall.getsockname(fd)
                }
                let result: Result<Void, SystemError> = loop.executeAndWait {
                    Result { () throws(SystemError) in try box.context?.addListener(fd: fd) }
                }
                do {
                    try result.get()
                } catch {
                    Syscall.close(fd)
                    throw error
                }
            }
            addresses.append(address)
        }
        bound.withLock { $0 = addresses }
        return addresses
    }

    /// The addresses bound by ``start()``.
    public var boundAddresses: [SocketAddress] { bound.withLock { $0 } }

    /// Drains every loop (see ``HTTPServerLoop/beginDrain``) and calls `completion` once all are done.
    public func drain(completion: @escaping @Sendable () -> Void) {
        let remaining = Countdown(contexts.count)
        let finishedOne: @Sendable () -> Void = {
            if remaining.decrement() == 0 { completion() }
        }
        for (loop, box) in zip(group.loops, contexts) {
            loop.execute {
                guard let context = box.context else { return finishedOne() }
                context.beginDrain(completion: finishedOne)
            }
        }
    }

    /// Open connections across loops (waits for each loop; for tests and status pages).
    public func connectionCount() -> Int {
        zip(group.loops, contexts).reduce(0) { sum, pair in
            let box = pair.1
            return sum + pair.0.executeAndWait { box.context?.connectionCount ?? 0 }
        }
    }
}

