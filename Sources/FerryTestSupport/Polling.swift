#if canImport(Glibc)
import Glibc
#endif

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; returns
/// whether it held. For state that changes on another thread (connection counts, flags),
/// so a test waits only as long as it must and never forever.
public func waitUntil(timeout: Duration = .seconds(2), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: timeout)
    while true {
        if condition() { return true }
        if clock.now >= end { return false }
        usleep(2_000)
    }
}

/// ``waitUntil(timeout:_:)`` for async tests: sleeps between polls instead of blocking a
/// thread of the (small) cooperative pool, which other tests' tasks need to make progress.
public func eventually(timeout: Duration = .seconds(2), _ condition: @Sendable () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: timeout)
    while true {
        if condition() { return true }
        if clock.now >= end { return false }
        try? await Task.sleep(for: .milliseconds(2))
    }
}
