/// A command-line usage error: the message names the problem and where to get help.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    let command: String
    var description: String { "\(message)\nSee '\(command) --help'." }
}

/// Hand-written option parsing: `--name value`, `--name=value` and boolean `--flag`.
///
/// Every option a command reads must be declared; anything left over is reported as an
/// unknown option or an unexpected argument, never silently ignored.
struct Arguments {
    let command: String
    private var items: [String]

    init(command: String, _ items: [String]) {
        self.command = command
        self.items = items
    }

    /// True when `--help` or `-h` was given (anywhere).
    var wantsHelp: Bool { items.contains("--help") || items.contains("-h") }

    /// Removes and returns every value of `--name`.
    mutating func values(_ name: String) throws(UsageError) -> [String] {
        var found: [String] = []
        var index = 0
        while index < items.count {
            let item = items[index]
            if item == name {
                guard index + 1 < items.count, !items[index + 1].hasPrefix("--") else {
                    throw UsageError(message: "option '\(name)' needs a value", command: command)
                }
                found.append(items[index + 1])
                items.removeSubrange(index...index + 1)
            } else if item.hasPrefix(name + "=") {
                found.append(String(item.dropFirst(name.count + 1)))
                items.remove(at: index)
            } else {
                index += 1
            }
        }
        return found
    }

    /// Removes and returns the single value of `--name`, if given.
    mutating func value(_ name: String) throws(UsageError) -> String? {
        let all = try values(name)
        guard all.count <= 1 else {
            throw UsageError(message: "option '\(name)' given more than once", command: command)
        }
        return all.first
    }

    /// Removes `--name` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        let before = items.count
        items.removeAll { $0 == name }
        return items.count != before
    }

    /// Parses `--name` as an integer in `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = try value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "option '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                             command: command)
        }
        return number
    }

    /// Removes and returns the one argument that is not an option, if any (e.g. a path).
    mutating func positional() throws(UsageError) -> String? {
        let found = items.filter { !$0.hasPrefix("-") }
        guard found.count <= 1 else {
            throw UsageError(message: "unexpected argument '\(found[1])' for '\(command)'", command: command)
        }
        items.removeAll { !$0.hasPrefix("-") }
        return found.first
    }

    /// Fails if anything was not consumed.
    func finish() throws(UsageError) {
        guard let first = items.first else { return }
        if first.hasPrefix("-") {
            throw UsageError(message: "unknown option '\(first)' for '\(command)'", command: command)
        }
        throw UsageError(message: "unexpected argument '\(first)' for '\(command)'", command: command)
    }
}
