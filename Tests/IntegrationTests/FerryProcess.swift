import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The real `ferry` binary, run as a child process with its standard output and error piped.
///
/// Found at `FERRY_BINARY` if set, else at `.build/debug/ferry` under the package root
/// (derived from this file's path). Every wait is bounded; a child still running when the
/// test ends is killed by its pid. Standard error is drained on a thread of its own as it
/// arrives, so a chatty child never blocks on a full pipe; everything either stream
/// carried is kept for tests that check what the process printed (zero retention).
final class FerryProcess {
    let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private var stdoutBuffer: [UInt8] = []
    /// Every byte read from standard output so far, lines already consumed included.
    private var stdoutSeen: [UInt8] = []
    private let stderrCollector: StreamCollector

    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["FERRY_BINARY"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // IntegrationTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // package root
        return root.appendingPathComponent(".build/debug/ferry").path
    }

    /// The test process's environment without `FERRY_CONFIG` (so `ferry run` without
    /// `--config` really has no config), plus `extra`.
    static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["FERRY_CONFIG"] = nil
        environment["FERRY_LOG_LEVEL"] = nil
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    init(_ arguments: [String], environment: [String: String] = FerryProcess.environment()) throws {
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        stderrCollector = StreamCollector(fd: stderr.fileHandleForReading.fileDescriptor)
        try process.run()
        stderrCollector.start()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Reads standard output until a line starting with `prefix` arrives; nil on timeout or EOF.
    func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(10)) -> String? {
        readLines(until: { $0.hasPrefix(prefix) }, timeout: timeout)?.last
    }

    /// Reads standard output line by line until `isLast` holds for a line; returns every line
    /// read up to and including it, or nil on timeout or EOF.
    func readLines(until isLast: (String) -> Bool, timeout: Duration = .seconds(10)) -> [String]? {
        let end = ContinuousClock.now.advanced(by: timeout)
        let fd = stdout.fileHandleForReading.fileDescriptor
        var lines: [String] = []
        while true {
            while let newline = stdoutBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: stdoutBuffer[..<newline], as: UTF8.self)
                stdoutBuffer.removeSubrange(...newline)
                lines.append(line)
                if isLast(line) { return lines }
            }
            let remaining = ContinuousClock.now.duration(to: end)
            guard remaining > .zero else { return nil }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: remaining.components.seconds * 1_000 + 1)
            guard poll(&entry, 1, milliseconds) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { return nil }
            stdoutBuffer.append(contentsOf: chunk[0..<n])
            stdoutSeen.append(contentsOf: chunk[0..<n])
        }
    }

    /// Waits for the process to exit; its status, or nil (and a SIGKILL) on timeout.
    func waitForExit(timeout: Duration = .seconds(10)) -> Int32? {
        let end = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now >= end {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            usleep(5_000)
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// Everything left on standard output (call after exit).
    func remainingOutput() -> String {
        let rest = [UInt8](stdout.fileHandleForReading.readDataToEndOfFile())
        stdoutSeen.append(contentsOf: rest)
        let unread = stdoutBuffer + rest
        stdoutBuffer = []
        return String(decoding: unread, as: UTF8.self)
    }

    /// Everything the process ever wrote to standard output (call after exit).
    func allOutput() -> String {
        _ = remainingOutput()
        return String(decoding: stdoutSeen, as: UTF8.self)
    }

    /// Everything written to standard error (call after exit; waits at most 5 s for EOF).
    func errorOutput() -> String {
        String(decoding: stderrCollector.wait(timeout: .seconds(5)), as: UTF8.self)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }
}

/// Reads a descriptor to EOF on a thread of its own and keeps every byte.
private final class StreamCollector: Sendable {
    private let fd: Int32
    private let bytes = Mutex<[UInt8]>([])
    private let finished = DispatchSemaphore(value: 0)

    init(fd: Int32) {
        self.fd = fd
    }

    func start() {
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n > 0 {
                    bytes.withLock { $0.append(contentsOf: chunk[0..<n]) }
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            finished.signal()
        }
    }

    /// The bytes read once EOF came, or those read so far when `timeout` passes first.
    func wait(timeout: Duration) -> [UInt8] {
        let nanoseconds = Int(timeout.components.seconds) * 1_000_000_000
        if finished.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success {
            finished.signal()   // later calls return at once
        }
        return bytes.withLock { $0 }
    }
}
