internal import Foundation
internal import Synchronization
#if canImport(Glibc)
internal import Glibc
#endif

/// Ferry's structured log: one JSON object per line on standard error.
///
/// The message is a `StaticString`, so it cannot carry request data by construction
/// (STYLE.md, "Logging and metrics"); everything variable goes in metadata, and callers
/// put only metadata there (ids, statuses, counts, errno), never payloads, header values
/// or secrets. The level comes from `FERRY_LOG_LEVEL` (debug, info, warning, error; default info).
public enum Log {
    /// Severity of a log line.
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    private static let state = Atomic<Int>(Log.levelFromEnvironment().rawValue)

    /// The lowest level written.
    public static var level: Level {
        get { Level(rawValue: state.load(ordering: .relaxed)) ?? .info }
        set { state.store(newValue.rawValue, ordering: .relaxed) }
    }

    public static func debug(_ message: StaticString, metadata: KeyValuePairs<String, String> = [:]) {
        write(.debug, message, metadata)
    }

    public static func info(_ message: StaticString, metadata: KeyValuePairs<String, String> = [:]) {
        write(.info, message, metadata)
    }

    public static func warning(_ message: StaticString, metadata: KeyValuePairs<String, String> = [:]) {
        write(.warning, message, metadata)
    }

    public static func error(_ message: StaticString, metadata: KeyValuePairs<String, String> = [:]) {
        write(.error, message, metadata)
    }

    /// Whether a line of `level` would be written (to skip building metadata that would be dropped).
    public static func isEnabled(_ level: Level) -> Bool { level >= Log.level }

    private static func write(_ level: Level, _ message: StaticString, _ metadata: KeyValuePairs<String, String>) {
        guard level >= Log.level else { return }
        var line = "{\"ts\":\"\(timestamp())\",\"level\":\"\(level.name)\",\"msg\":"
        appendJSONString(message.description, to: &line)
        for (key, value) in metadata {
            line += ","
            appendJSONString(key, to: &line)
            line += ":"
            appendJSONString(value, to: &line)
        }
        line += "}\n"
        // One write(2) per line keeps lines whole when several threads log at once.
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// Appends `text` as a JSON string literal (RFC 8259 §7).
    public static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(ts.tv_nsec) / 1_000_000
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    private static func levelFromEnvironment() -> Level {
        switch ProcessInfo.processInfo.environment["FERRY_LOG_LEVEL"]?.lowercased() {
        case "debug": .debug
        case "warning", "warn": .warning
        case "error": .error
        default: .info
        }
    }
}
