internal import FerryIO

/// The part of an ``HTTPServer`` that lives on one event loop: its listeners, its
/// connections, its handler and its read buffer. Touched only on that loop's thread.
final class HTTPServerLoop {
    let loop: EventLoop
    let configuration: HTTPServerConfiguration
    let handler: any HTTPServerHandler
    var dateCache = HTTPDateCache()
    /// The configuration's timeouts in nanoseconds, converted once (read on every request).
    let headTimeout: UInt64
    let bodyIdleTimeout: UInt64
    let keepAliveTimeout: UInt64
    let writeTimeout: UInt64

    private var listeners: [Listener] = []
    private var connections: [Int32: HTTPServerConnection] = [:]
    private let connectionCap: Int
    private(set) var isDraining = false
    private var drainCompletion: (() -> Void)?
    private var drainTimer: TimerHandle?

    init(loop: EventLoop, configuration: HTTPServerConfiguration, handler: any HTTPServerHandler, loopCount: Int) {
        self.loop = loop
        self.configuration = configuration
        self.handler = handler
        headTimeout = configuration.headTimeout.nanoseconds
        bodyIdleTimeout = configuration.bodyIdleTimeout.nanoseconds
        keepAliveTimeout = configuration.keepAliveTimeout.nanoseconds
        writeTimeout = configuration.writeTimeout.nanoseconds
        // The process-wide cap is split evenly: each loop accepts on its own.
        connectionCap = max(1, (configuration.maxConnections + loopCount - 1) / loopCount)
    }

    var connectionCount: Int { connections.count }

    func addListener(fd: Int32) throws(SystemError) {
        let listener = Listener(fd: fd, context: self)
        try loop.register(fd, interest: .readable, handler: listener)
        listeners.append(listener)
    }

    fileprivate func acceptAll(from listenerFD: Int32) {
        // Bounded per wake-up so one busy listener cannot starve the loop's connections.
        for _ in 0..<64 {
            let accepted: (fd: Int32, peer: SocketAddress)?
            do {
                accepted = try Syscall.accept(listenerFD)
            } catch {
                // EMFILE/ENFILE and the like: the pending connection stays queued; say so once per burst.
                Log.warning("accept failed", metadata: ["loop": "\(loop.index)", "error": "\(error)"])
                return
            }
            guard let (fd, peer) = accepted else { return }
            if isDraining || connections.count >= connectionCap {
                refuse(fd)
                continue
            }
            Socket.setNoDelay(fd)
            let connection = HTTPServerConnection(fd: fd, peer: peer, context: self)
            do {
                try connection.start()
            } catch {
                Syscall.close(fd)
                continue
            }
            connections[fd] = connection
        }
    }

    /// Over the connection cap: answer 503 at once and close, so the client is told rather
    /// than left waiting in a backlog (RFC 9110 §15.6.4).
    private func refuse(_ fd: Int32) {
        Self.overloaded.withUnsafeBytes { _ = try? Syscall.send(fd, $0) }
        Syscall.close(fd)
    }

    private static let overloaded: [UInt8] = Array((
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 23\r\n"
        + "Retry-After: 1\r\nConnection: close\r\n\r\n{\"error\":\"unavailable\"}").utf8)

    func connectionClosed(_ connection: HTTPServerConnection) {
        connections[connection.fd] = nil
        if isDraining && connections.isEmpty { finishDrain() }
    }

    /// Stops accepting, closes idle connections, lets in-flight requests finish (their
    /// answers carry `Connection: close`), and force-closes what is left after the timeout.
    func beginDrain(completion: @escaping () -> Void) {
        guard !isDraining else { return }
        isDraining = true
        drainCompletion = completion
        for listener in listeners {
            loop.deregister(listener.fd)
            Syscall.close(listener.fd)
        }
        listeners.removeAll()
        for connection in Array(connections.values) { connection.closeWhenIdle() }
        if connections.isEmpty {
            finishDrain()
            return
        }
        drainTimer = loop.schedule(after: configuration.drainTimeout) { [weak self] in
            guard let self else { return }
            Log.warning("drain timed out; closing in-flight connections",
                        metadata: ["loop": "\(self.loop.index)", "connections": "\(self.connections.count)"])
            for connection in Array(self.connections.values) { connection.close() }
        }
    }

    private func finishDrain() {
        if let drainTimer { loop.cancel(drainTimer) }
        drainTimer = nil
        let completion = drainCompletion
        drainCompletion = nil
        completion?()
    }
}

/// A listening socket on one loop.
private final class Listener: Selectable {
    let fd: Int32
    unowned let context: HTTPServerLoop

    init(fd: Int32, context: HTTPServerLoop) {
        self.fd = fd
        self.context = context
    }

    func ready(_ events: IOEvents) {
        context.acceptAll(from: fd)
    }
}
