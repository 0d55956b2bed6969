internal import FerryIO

/// The connections to one origin (scheme, host, port) on one loop.
///
/// At most `maxConnectionsPerOrigin` connections exist at once; requests beyond that
/// wait in arrival order. Idle connections are reused last-in-first-out, so the warmest
/// connection goes first and the coldest ones age out on their idle timers.
final class OriginPool {
    let url: HTTPURL
    let loop: EventLoop
    let configuration: HTTPClientConfiguration
    private var idle: [HTTPClientConnection] = []
    /// Every connection open or opening, idle or busy (so a shutdown can reach them all).
    private var connections: [HTTPClientConnection] = []
    private var waiters: [PendingRequest] = []
    private var waiterHead = 0
    var connectionCount: Int { connections.count }
    private var isShutDown = false

    init(url: HTTPURL, loop: EventLoop, configuration: HTTPClientConfiguration) {
        self.url = url
        self.loop = loop
        self.configuration = configuration
    }

    func submit(_ pending: PendingRequest) {
        if isShutDown { return pending.complete(.failure(.shutDown)) }
        while let connection = idle.popLast() {
            if connection.isIdle {
                connection.send(pending)
                return
            }
        }
        if connectionCount < configuration.maxConnectionsPerOrigin {
            openConnection(for: pending)
        } else {
            waiters.append(pending)
        }
    }

    /// A connection finished an exchange and may be reused.
    func release(_ connection: HTTPClientConnection) {
        if let next = nextWaiter() {
            connection.send(next)
        } else {
            idle.append(connection)
            connection.becomeIdle()
        }
    }

    /// A connection closed (any reason); its slot may serve a waiting request.
    func connectionClosed(_ connection: HTTPClientConnection) {
        if let index = connections.firstIndex(where: { $0 === connection }) { connections.remove(at: index) }
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
        if !isShutDown, connectionCount < configuration.maxConnectionsPerOrigin, let next = nextWaiter() {
            openConnection(for: next)
        }
    }

    func shutdown() {
        isShutDown = true
        while let waiter = nextWaiter() { waiter.complete(.failure(.shutDown)) }
        // Busy connections too: they refer back to this pool and to the client's read
        // buffer, and neither outlives the client (iterating a copy: each one unregisters).
        for connection in connections { connection.abort(.shutDown) }
        idle.removeAll()
    }

    private func nextWaiter() -> PendingRequest? {
        while waiterHead < waiters.count {
            let waiter = waiters[waiterHead]
            waiterHead += 1
            if waiterHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waiterHead = 0
            }
            // Waiters whose deadline already passed were completed by their timer; skip them.
            if !waiter.isComplete { return waiter }
        }
        return nil
    }

    private func openConnection(for pending: PendingRequest) {
        let connection = HTTPClientConnection(pool: self)
        connections.append(connection)
        connection.connect(for: pending)
    }
}

/// Carries a loop-confined reference through an API that demands `Sendable`, when the
/// value provably comes back to the same loop.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
}
