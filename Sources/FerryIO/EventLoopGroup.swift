internal import CFerryShims
internal import Dispatch
internal import Foundation

/// A fixed set of event loops, one thread each (one per core by default).
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let finished = DispatchGroup()
    private let pinThreads: Bool

    /// The number of CPUs this process may run on (its affinity mask, so `taskset` counts).
    public static var availableCores: Int { Int(ferry_available_cpus()) }

    /// Creates `count` loops (not yet running). With `pinThreads`, loop *i* is pinned to
    /// the *i*-th CPU of the process's affinity mask.
    public init(loopCount: Int = EventLoopGroup.availableCores, pinThreads: Bool = false) throws(SystemError) {
        precondition(loopCount >= 1, "an event loop group needs at least one loop")
        var loops: [EventLoop] = []
        for index in 0..<loopCount { loops.append(try EventLoop(index: index)) }
        self.loops = loops
        self.pinThreads = pinThreads
    }

    /// Starts one thread per loop. Errors of a loop's `run` end that loop (and are fatal to serving).
    public func start() {
        let cpus = pinThreads ? Self.affinityCPUs() : []
        for loop in loops {
            finished.enter()
            loop.willRun()
            let cpu = cpus.isEmpty ? nil : cpus[loop.index % cpus.count]
            let thread = Thread { [finished] in
                ferry_set_thread_name("ferry-loop-\(loop.index)")
                if let cpu { _ = ferry_pin_thread_to_cpu(Int32(cpu)) }
                do {
                    try loop.run()
                } catch {
                    Log.error("event loop stopped on a system error", metadata: ["loop": "\(loop.index)", "error": "\(error)"])
                }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Asks every loop to stop; returns at once.
    public func stop() {
        for loop in loops { loop.stop() }
    }

    /// Blocks until every loop thread has returned.
    public func waitUntilStopped() {
        finished.wait()
    }

    /// The loop to hand the next piece of work to (round robin, thread-safe enough for
    /// control-plane use: a racy index only skews the spread).
    public func any() -> EventLoop {
        loops[Int.random(in: 0..<loops.count)]
    }

    private static func affinityCPUs() -> [Int] {
        var cpus = [Int32](repeating: 0, count: 1024)
        let count = Int(ferry_affinity_cpus(&cpus, Int32(cpus.count)))
        return cpus.prefix(count).map(Int.init)
    }
}
