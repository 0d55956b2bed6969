public import FerryIO
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP listener on `127.0.0.1:0` that runs a closure per accepted connection,
/// each on its own thread: a server that misbehaves on purpose (garbage, a close in the
/// middle of a response, no answer at all) for client tests.
///
/// The closure owns the connection for its duration; the socket closes when it returns.
/// ``stop()`` shuts every open connection down, which ends the closures' blocking reads.
public final class RawTCPServer: Sendable {
    /// Where the server listens.
    public let address: SocketAddress
    private let listenFD: Int32
    private let state = Mutex<State>(State())
    private let finished = DispatchGroup()

    private struct State {
        var stopping = false
        var accepted = 0
        var open: [ObjectIdentifier: UncheckedConnection] = [:]
    }

    /// A connection another thread owns. `stop()` only shuts it down, under the state lock,
    /// and its owner closes it under the same lock, so the descriptor is never reused
    /// between the two (shutdown(2) itself is safe against the owner's blocked read).
    private struct UncheckedConnection: @unchecked Sendable {
        let connection: RawHTTPConnection
    }

    /// Starts listening; `handler` runs once per connection (the index counts from 0).
    public init(handler: @escaping @Sendable (_ connection: RawHTTPConnection, _ index: Int) -> Void) throws {
        let loopback = try SocketAddress(host: "127.0.0.1", port: 0)
        let fd = try Syscall.socket(domain: AF_INET, type: Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue))
        do {
            try Syscall.bind(fd, loopback)
            try Syscall.listen(fd, backlog: 64)
            address = try Syscall.getsockname(fd)
        } catch {
            Syscall.close(fd)
            throw error
        }
        listenFD = fd
        finished.enter()
        let thread = Thread { [self] in
            acceptLoop(handler)
            finished.leave()
        }
        thread.start()
    }

    /// Connections accepted so far.
    public var acceptedCount: Int { state.withLock { $0.accepted } }

    /// Stops accepting, shuts open connections down and waits (bounded) for the threads.
    public func stop() {
        state.withLock { state in
            state.stopping = true
            for entry in state.open.values { entry.connection.shutdownBoth() }
        }
        _ = finished.wait(timeout: .now() + 5)
    }

    private func acceptLoop(_ handler: @escaping @Sendable (RawHTTPConnection, Int) -> Void) {
        defer { Syscall.close(listenFD) }
        while !state.withLock({ $0.stopping }) {
            // poll(2) with a short timeout so a stop is noticed without closing the listener under accept.
            var entry = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) > 0 else { continue }
            // FerryIO's accept4 sets CLOEXEC atomically (a child process such as the ferry
            // binary must not inherit the socket); the fake server wants blocking reads.
            guard let (fd, _) = (try? Syscall.accept(listenFD)) ?? nil else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            let connection = UncheckedConnection(connection: RawHTTPConnection(acceptedFD: fd))
            let key = ObjectIdentifier(connection.connection)
            let index: Int? = state.withLock { state in
                guard !state.stopping else { return nil }
                state.accepted += 1
                state.open[key] = connection
                return state.accepted - 1
            }
            guard let index else { break }
            finished.enter()
            let thread = Thread { [self] in
                handler(connection.connection, index)
                state.withLock { state in
                    state.open[key] = nil
                    connection.connection.close()
                }
                finished.leave()
            }
            thread.start()
        }
    }
}
