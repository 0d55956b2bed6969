import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `ferry` binary, run as a child process with its standard output and error piped.
///
/// Found at `FERRY_BINARY` if set, else at `.build/debug/ferry` under the package root
/// (derived from this file's path). Every wait is bounded; a child still running when the
/// test ends is killed by its pid.
final class FerryProcess {
    let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private var stdoutBuffer: [UInt8] = []

    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["FERRY_BINARY"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // IntegrationTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // package root
        return root.appendingPathComponent(".build/debug/ferry").path
    }

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Reads standard output until a line starting with `prefix` arrives; nil on timeout or EOF.
    func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(10)) -> String? {
        let end = ContinuousClock.now.advanced(by: timeout)
        let fd = stdout.fileHandleForReading.fileDescriptor
        while true {
            while let newline = stdoutBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: stdoutBuffer[..<newline], as: UTF8.self)
                stdoutBuffer.removeSubrange(...newline)
                if line.hasPrefix(prefix) { return line }
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
        let rest = stdoutBuffer + [UInt8](stdout.fileHandleForReading.readDataToEndOfFile())
        stdoutBuffer = []
        return String(decoding: rest, as: UTF8.self)
    }

    /// Everything written to standard error (call after exit).
    func errorOutput() -> String {
        String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }
}
