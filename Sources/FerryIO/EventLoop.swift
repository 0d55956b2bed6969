internal import CFerryShims
internal import Synchronization
internal import Dispatch
#if canImport(Glibc)
internal import Glibc
#endif

/// One epoll event loop, run by one thread, owning the descriptors registered with it.
///
/// Shared-nothing per core (DESIGN.md, "The engine"): everything registered here is
/// touched only from this loop's thread. Only ``execute(_:)`` and ``stop()`` may be
/// called from other threads; they queue work and wake the loop through an eventfd.
/// That confinement is why the class is `@unchecked Sendable`: the loop-confined state
/// is never reached from another thread, which ``assertInEventLoop()`` checks in debug.
public final class EventLoop: @unchecked Sendable {
    /// The loop's position in its group (0-based).
    public let index: Int

    private let epollFD: Int32
    private let wakeFD: Int32
    private let pending = Mutex<PendingWork>(PendingWork())
    private let started = Atomic<Bool>(false)
    /// The running thread's id (0 before `run`); atomic because other threads ask `inEventLoop`.
    private let threadID = Atomic<UInt>(0)

    // Loop-confined state.
    private var registrations: [Registration?] = []
    private var timers = TimerHeap()
    private var running = false
    private var events: UnsafeMutableBufferPointer<epoll_event>

    /// Monotonic time in nanoseconds, read once per loop iteration (cheap to consult).
    public private(set) var now: UInt64

    private struct PendingWork {
        var tasks: [@Sendable () -> Void] = []
        var stopRequested = false
    }

    private struct Registration {
        let handler: any Selectable
        let generation: UInt32
    }

    private var nextGeneration: UInt32 = 1
    private static let wakeTag: UInt64 = UInt64.max

    public init(index: Int = 0, maxEventsPerWait: Int = 256) throws(SystemError) {
        self.index = index
        epollFD = try Syscall.epollCreate()
        do {
            wakeFD = try Syscall.eventfd()
        } catch {
            Syscall.close(epollFD)
            throw error
        }
        events = .allocate(capacity: maxEventsPerWait)
        now = Syscall.clockMonotonicNanoseconds()
        try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, wakeFD, events: EPOLLIN.rawValue, data: Self.wakeTag)
    }

    deinit {
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
        events.deallocate()
    }

    // MARK: Descriptors (loop thread only)

    /// Watches `fd` for `interest`; `handler.ready` is called on this loop when it fires.
    public func register(_ fd: Int32, interest: IOEvents, handler: any Selectable) throws(SystemError) {
        assertInEventLoop()
        let slot = Int(fd)
        if slot >= registrations.count {
            registrations.append(contentsOf: repeatElement(nil, count: max(slot + 1 - registrations.count, 64)))
        }
        let generation = nextGeneration
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, fd, events: interest.rawValue,
                                 data: UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)))
        registrations[slot] = Registration(handler: handler, generation: generation)
    }

    /// Changes what `fd` is watched for.
    public func reregister(_ fd: Int32, interest: IOEvents) throws(SystemError) {
        assertInEventLoop()
        guard let registration = registrations[Int(fd)] else { return }
        try Syscall.epollControl(epollFD, EPOLL_CTL_MOD, fd, events: interest.rawValue,
                                 data: UInt64(registration.generation) << 32 | UInt64(UInt32(bitPattern: fd)))
    }

    /// Stops watching `fd`. Call before closing it.
    public func deregister(_ fd: Int32) {
        assertInEventLoop()
        guard Int(fd) < registrations.count, registrations[Int(fd)] != nil else { return }
        registrations[Int(fd)] = nil
        // Failure means the descriptor is already gone from the set; nothing to undo.
        try? Syscall.epollControl(epollFD, EPOLL_CTL_DEL, fd, events: 0, data: 0)
    }

    // MARK: Timers (loop thread only)

    /// Runs `callback` on this loop once `deadline` (monotonic ns, see ``now``) has passed.
    @discardableResult
    public func schedule(at deadline: UInt64, _ callback: @escaping () -> Void) -> TimerHandle {
        assertInEventLoop()
        return timers.schedule(at: deadline, callback)
    }

    /// Runs `callback` on this loop after `delay`.
    @discardableResult
    public func schedule(after delay: Duration, _ callback: @escaping () -> Void) -> TimerHandle {
        schedule(at: now &+ delay.nanoseconds, callback)
    }

    public func cancel(_ timer: TimerHandle) {
        assertInEventLoop()
        timers.cancel(timer)
    }

    // MARK: Cross-thread

    /// Queues `task` to run on this loop's thread; callable from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { work in
            let wasEmpty = work.tasks.isEmpty
            work.tasks.append(task)
            return wasEmpty
        }
        if wasEmpty { Syscall.eventfdSignal(wakeFD) }
    }

    /// Runs `body` on this loop and returns its result: inline when called on the loop or
    /// before the loop has started (set-up), otherwise queued and waited for. Never call it
    /// from another loop's thread (two loops waiting on each other would deadlock).
    public func executeAndWait<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        if inEventLoop || !started.load(ordering: .acquiring) { return body() }
        let box = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        execute {
            let value = body()
            box.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }

    /// Asks the loop to return from ``run()`` after its current iteration; any thread.
    public func stop() {
        pending.withLock { $0.stopRequested = true }
        Syscall.eventfdSignal(wakeFD)
    }

    /// True on this loop's own thread.
    public var inEventLoop: Bool {
        let thread = threadID.load(ordering: .acquiring)
        return thread != 0 && pthread_equal(thread, pthread_self()) != 0
    }

    @inline(__always)
    public func assertInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(threadID.load(ordering: .relaxed) == 0 || inEventLoop, "called off the event loop's thread",
               file: file, line: line)
    }

    // MARK: Running

    /// Marks the loop as about to run on another thread: from now on ``executeAndWait(_:)``
    /// queues instead of running inline. ``EventLoopGroup`` calls it before starting the
    /// thread, so there is no window in which set-up code races the new thread.
    public func willRun() {
        started.store(true, ordering: .releasing)
    }

    /// Runs the loop on the calling thread until ``stop()``.
    public func run() throws(SystemError) {
        threadID.store(pthread_self(), ordering: .releasing)
        started.store(true, ordering: .releasing)
        running = true
        defer { running = false }
        while true {
            let timeout = waitTimeoutMilliseconds()
            let count = try Syscall.epollWait(epollFD, events, timeoutMs: timeout)
            now = Syscall.clockMonotonicNanoseconds()
            for i in 0..<count {
                let event = events[i]
                let tag = event.data.u64
                if tag == Self.wakeTag {
                    Syscall.eventfdDrain(wakeFD)
                    continue
                }
                let fd = Int(UInt32(truncatingIfNeeded: tag))
                let generation = UInt32(truncatingIfNeeded: tag >> 32)
                // The descriptor may have been closed (and its number reused) by an earlier
                // event in this same batch: the generation tells (PLATFORM-NOTES, Linux interop).
                guard fd < registrations.count, let registration = registrations[fd],
                      registration.generation == generation else { continue }
                registration.handler.ready(IOEvents(rawValue: event.events))
            }
            runDueTimers()
            if runPendingTasks() { return }
        }
    }

    private func waitTimeoutMilliseconds() -> Int32 {
        if pending.withLock({ !$0.tasks.isEmpty || $0.stopRequested }) { return 0 }
        guard let deadline = timers.nextDeadline() else { return -1 }
        let current = Syscall.clockMonotonicNanoseconds()
        if deadline <= current { return 0 }
        // Round up so a timer is never woken for early and spun on.
        let milliseconds = (deadline - current + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }

    private func runDueTimers() {
        guard !timers.isEmpty else { return }
        for callback in timers.popDue(now: now) { callback() }
    }

    /// Runs queued tasks; returns true when a stop was requested.
    private func runPendingTasks() -> Bool {
        let work = pending.withLock { work -> PendingWork in
            let taken = work
            work.tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for task in work.tasks { task() }
        return work.stopRequested
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to zero and `UInt64.max`.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
