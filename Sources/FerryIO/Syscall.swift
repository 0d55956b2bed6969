internal import CFerryShims
#if canImport(Glibc)
internal import Glibc
#endif

/// The outcome of a non-blocking read or write.
public enum IOResult: Equatable, Sendable {
    /// This many bytes moved (0 from a read means end of stream).
    case processed(Int)
    /// The descriptor is not ready (`EAGAIN`); wait for readiness.
    case wouldBlock
}

/// One Swift function per system call, the only place each call is made.
///
/// Each wrapper retries `EINTR` and turns a `-1` into a thrown ``SystemError`` naming the
/// call and errno (the pattern of swift-nio's `System.swift`). Calls that may legitimately
/// return `EAGAIN` on non-blocking descriptors report it as ``IOResult/wouldBlock``.
public enum Syscall {
    @inline(__always)
    static func retrying(_ call: String, _ body: () -> Int) throws(SystemError) -> Int {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = ferry_errno()
            if code == EINTR { continue }
            throw SystemError(call: call, errno: code)
        }
    }

    @inline(__always)
    static func retryingIO(_ call: String, _ body: () -> Int) throws(SystemError) -> IOResult {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = ferry_errno()
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw SystemError(call: call, errno: code)
        }
    }

    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult {
        try retryingIO("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    public static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult {
        try retryingIO("write") { Glibc.write(fd, buffer.baseAddress, buffer.count) }
    }

    /// `send(2)` with `MSG_NOSIGNAL`, so a peer that went away yields `EPIPE`, not SIGPIPE.
    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult {
        try retryingIO("send") { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    public static func close(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is released either way.
        _ = Glibc.close(fd)
    }

    public static func shutdown(_ fd: Int32, how: Int32) throws(SystemError) {
        _ = try retrying("shutdown") { Int(Glibc.shutdown(fd, how)) }
    }

    public static func socket(domain: Int32, type: Int32, protocol proto: Int32 = 0) throws(SystemError) -> Int32 {
        Int32(try retrying("socket") { Int(Glibc.socket(domain, type, proto)) })
    }

    public static func setsockopt<T: BitwiseCopyable>(_ fd: Int32, level: Int32, name: Int32, value: T) throws(SystemError) {
        _ = try retrying("setsockopt") {
            withUnsafeBytes(of: value) {
                Int(Glibc.setsockopt(fd, level, name, $0.baseAddress, socklen_t($0.count)))
            }
        }
    }

    public static func getsockoptInt(_ fd: Int32, level: Int32, name: Int32) throws(SystemError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") { Int(Glibc.getsockopt(fd, level, name, &value, &length)) }
        return value
    }

    public static func bind(_ fd: Int32, _ address: SocketAddress) throws(SystemError) {
        _ = try retrying("bind") { address.withSockAddr { Int(Glibc.bind(fd, $0, $1)) } }
    }

    public static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        _ = try retrying("listen") { Int(Glibc.listen(fd, backlog)) }
    }

    /// `accept4(2)` with `SOCK_NONBLOCK | SOCK_CLOEXEC`; `nil` when no connection is pending.
    public static func accept(_ fd: Int32) throws(SystemError) -> (fd: Int32, peer: SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let result = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    ferry_accept4(fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
            if result >= 0 { return (result, SocketAddress(storage: storage)) }
            let code = ferry_errno()
            switch code {
            case EINTR, ECONNABORTED:
                // ECONNABORTED: the peer reset before we accepted; try the next one (accept(2)).
                continue
            case EAGAIN, EWOULDBLOCK:
                return nil
            default:
                throw SystemError(call: "accept4", errno: code)
            }
        }
    }

    /// Starts a non-blocking `connect(2)`: `true` when connected at once, `false` when in progress.
    public static func connect(_ fd: Int32, _ address: SocketAddress) throws(SystemError) -> Bool {
        while true {
            let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
            if result == 0 { return true }
            let code = ferry_errno()
            if code == EINTR { continue }
            if code == EINPROGRESS { return false }
            throw SystemError(call: "connect", errno: code)
        }
    }

    public static func getsockname(_ fd: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try retrying("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Int(Glibc.getsockname(fd, $0, &length)) }
            }
        }
        return SocketAddress(storage: storage)
    }

    public static func epollCreate() throws(SystemError) -> Int32 {
        Int32(try retrying("epoll_create1") { Int(epoll_create1(Int32(EPOLL_CLOEXEC))) })
    }

    public static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32, data: UInt64) throws(SystemError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = data
        _ = try retrying("epoll_ctl") { Int(epoll_ctl(epfd, op, fd, &event)) }
    }

    static func epollWait(_ epfd: Int32, _ events: UnsafeMutableBufferPointer<epoll_event>, timeoutMs: Int32) throws(SystemError) -> Int {
        // EINTR here means a signal arrived; report zero events so the loop re-checks timers.
        let result = epoll_wait(epfd, events.baseAddress, Int32(events.count), timeoutMs)
        if result >= 0 { return Int(result) }
        let code = ferry_errno()
        if code == EINTR { return 0 }
        throw SystemError(call: "epoll_wait", errno: code)
    }

    public static func eventfd() throws(SystemError) -> Int32 {
        Int32(try retrying("eventfd") { Int(CFerryShims.eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))) })
    }

    /// Adds one to an eventfd counter, waking its loop. `EAGAIN` (counter saturated) already means "awake".
    public static func eventfdSignal(_ fd: Int32) {
        var one: UInt64 = 1
        while Glibc.write(fd, &one, 8) < 0 && ferry_errno() == EINTR {}
    }

    /// Resets an eventfd counter to zero.
    public static func eventfdDrain(_ fd: Int32) {
        var value: UInt64 = 0
        while Glibc.read(fd, &value, 8) < 0 && ferry_errno() == EINTR {}
    }

    public static func clockMonotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
