internal import CFerryShims
#if canImport(Glibc)
internal import Glibc
#endif

/// Process-wide signal set-up and a loop-driven watcher for SIGTERM / SIGINT.
///
/// No signal handlers and no global state: the termination signals are blocked in every
/// thread and read from a `signalfd` registered with one loop (signalfd(2)), so a
/// shutdown is ordinary loop work (PLATFORM-NOTES, "Signals without global state").
public final class SignalWatcher: Selectable {
    private let fd: Int32
    private let loop: EventLoop
    private let onSignal: (Int32) -> Void

    /// Blocks SIGTERM and SIGINT and ignores SIGPIPE. Call on the main thread before
    /// starting any other thread, so every thread inherits the mask.
    public static func prepareProcess() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        // write(2) to a reset peer would raise SIGPIPE and kill the process; take EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Disables core dumps: a core file would be a copy of payloads on disk (DESIGN.md,
    /// "Zero retention": core dumps are disabled at start).
    public static func disableCoreDumps() {
        ferry_disable_core_dumps()
    }

    /// Watches for SIGTERM / SIGINT on `loop`; `onSignal` runs there with the signal number.
    public init(loop: EventLoop, onSignal: @escaping (Int32) -> Void) throws(SystemError) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        let fd = signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        guard fd >= 0 else { throw SystemError(call: "signalfd", errno: ferry_errno()) }
        self.fd = fd
        self.loop = loop
        self.onSignal = onSignal
        do {
            try loop.register(fd, interest: .readable, handler: self)
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    public func ready(_ events: IOEvents) {
        var info = signalfd_siginfo()
        while true {
            let n = withUnsafeMutableBytes(of: &info) { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard n == MemoryLayout<signalfd_siginfo>.size else { return }
            onSignal(Int32(info.ssi_signo))
        }
    }

    /// Stops watching and closes the descriptor (on the loop's thread).
    public func close() {
        loop.deregister(fd)
        Syscall.close(fd)
    }
}
