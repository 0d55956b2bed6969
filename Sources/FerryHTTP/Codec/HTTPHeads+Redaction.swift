// Zero retention (STYLE.md, "Logging and metrics"): interpolating a head or its fields into a
// log line, `dump`, or a test failure message must not reveal values or queries, which may
// carry PHI or secrets. Names, methods, paths, versions and framing are shown; nothing else.

extension HTTPHeaders: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "[" + fields.map { $0.name + ": <redacted>" }.joined(separator: ", ") + "]"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, unlabeledChildren: fields.map { $0.name + ": <redacted>" }, displayStyle: .collection)
    }
}

extension HTTPRequestHead: CustomStringConvertible, CustomReflectable {
    /// The target's path without its query (RFC 3986 §3.4), which is where PHI tends to hide.
    var redactedTarget: String {
        guard let query = target.utf8.firstIndex(of: 0x3F) else { return target }
        return String(target[..<query]) + "?<redacted>"
    }

    public var description: String {
        "\(method) \(redactedTarget) \(version) \(headers) keepAlive=\(keepAlive) framing=\(framing)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "target": redactedTarget, "version": version,
                                "headers": headers, "keepAlive": keepAlive,
                                "expectsContinue": expectsContinue, "framing": framing])
    }
}

extension HTTPResponseHead: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "\(version) \(status) \(headers) keepAlive=\(keepAlive) framing=\(framing)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["version": version, "status": status, "headers": headers,
                                "keepAlive": keepAlive, "framing": framing])
    }
}
