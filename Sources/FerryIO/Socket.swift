internal import CFerryShims
#if canImport(Glibc)
internal import Glibc
#endif

/// Creating and tuning TCP sockets.
public enum Socket {
    /// A non-blocking listening socket bound to `address`.
    ///
    /// With `reusePort`, several loops bind the same port and the kernel spreads new
    /// connections across them (`SO_REUSEPORT`, socket(7)): one accept queue per core.
    public static func listen(on address: SocketAddress, backlog: Int32 = 1024, reusePort: Bool) throws(SystemError) -> Int32 {
        let fd = try Syscall.socket(domain: address.family,
                                    type: Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
        do {
            try Syscall.setsockopt(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: Int32(1))
            if reusePort {
                try Syscall.setsockopt(fd, level: SOL_SOCKET, name: SO_REUSEPORT, value: Int32(1))
            }
            if address.family == AF_INET6 {
                // Listen on exactly the address asked for; an IPv4 listener is configured separately.
                try Syscall.setsockopt(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: Int32(1))
            }
            try Syscall.bind(fd, address)
            try Syscall.listen(fd, backlog: backlog)
            return fd
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// A non-blocking TCP socket with a connect to `address` started.
    /// Returns the descriptor and whether it connected at once.
    public static func connect(to address: SocketAddress) throws(SystemError) -> (fd: Int32, connected: Bool) {
        let fd = try Syscall.socket(domain: address.family,
                                    type: Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
        do {
            setNoDelay(fd)
            let connected = try Syscall.connect(fd, address)
            return (fd, connected)
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// The pending error of a socket (`SO_ERROR`): 0 once a non-blocking connect succeeded.
    public static func pendingError(_ fd: Int32) -> Int32 {
        (try? Syscall.getsockoptInt(fd, level: SOL_SOCKET, name: SO_ERROR)) ?? EBADF
    }

    /// Disables Nagle's algorithm: requests and responses are written whole, and waiting
    /// for an ACK before sending the next small segment only adds latency (RFC 896).
    public static func setNoDelay(_ fd: Int32) {
        // Best effort: a socket that refuses TCP_NODELAY still works, only slower.
        try? Syscall.setsockopt(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: Int32(1))
    }

    /// Sends a FIN after what is queued, keeping the read side open (for lingering close).
    public static func shutdownWrite(_ fd: Int32) {
        try? Syscall.shutdown(fd, how: Int32(SHUT_WR))
    }
}
