internal import Foundation

/// The issues found so far, in the order the loader met them.
final class IssueList {
    private(set) var all: [ConfigIssue] = []

    var hasErrors: Bool { all.contains { !$0.isWarning } }
    var warnings: [ConfigIssue] { all.filter(\.isWarning) }

    func error(_ path: String, _ problem: String) {
        all.append(ConfigIssue(path: path, problem: problem))
    }

    func warning(_ path: String, _ problem: String) {
        all.append(ConfigIssue(path: path, problem: problem, isWarning: true))
    }
}

/// JSON paths for issues (`$.subscriptions[0].url`) and safe quoting of names from the file.
enum JSONPath {
    static func key(_ parent: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { isIdentifierByte($0) }
            && !(key.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
        return plain ? parent + "." + key : parent + "[\"" + display(key) + "\"]"
    }

    static func index(_ parent: String, _ index: Int) -> String {
        parent + "[\(index)]"
    }

    /// A name from the file fit for a message: printable ASCII only, at most 64 characters.
    /// Only keys and ids go through here; values that may be secrets or URLs never do.
    static func display(_ text: String) -> String {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 64 {
                out += "…"
                break
            }
            let printable = scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\"
            out.unicodeScalars.append(printable ? scalar : "?")
        }
        return out
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }
}

/// What JSONSerialization produced, told apart (it gives `true` and `1` both as NSNumber).
enum JSONKind {
    private static let booleanType = type(of: NSNumber(value: true))

    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return type(of: number) == booleanType
    }

    static func bool(_ value: Any) -> Bool? {
        isBool(value) ? (value as? NSNumber)?.boolValue : nil
    }

    /// A whole number that fits an Int (1.0 counts; 1.5, `true` and huge numbers do not).
    static func integer(_ value: Any) -> Int? {
        guard !isBool(value), let number = value as? NSNumber, !(value is NSDecimalNumber) else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 9.0e15 else { return nil }
        return Int(double)
    }

    /// "a string", "a number", …: for "must be X, not Y" messages (never the value itself).
    static func name(_ value: Any) -> String {
        if value is String { return "a string" }
        if isBool(value) { return "true/false" }
        if value is NSNumber { return "a number" }
        if value is NSNull { return "null" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        return "an unknown value"
    }
}

/// One JSON object being read: typed getters that report problems at the key's path.
struct ObjectReader {
    let path: String
    let object: [String: Any]
    let issues: IssueList

    /// Nil (with an issue) when `value` is not an object.
    init?(_ value: Any, path: String, issues: IssueList, what: String = "an object") {
        guard let object = value as? [String: Any] else {
            issues.error(path, "must be \(what), not \(JSONKind.name(value))")
            return nil
        }
        self.path = path
        self.object = object
        self.issues = issues
    }

    func path(_ key: String) -> String { JSONPath.key(path, key) }

    func contains(_ key: String) -> Bool { object[key] != nil }

    /// Reports the key as missing when it is absent.
    func required(_ key: String) -> Any? {
        guard let value = object[key] else {
            issues.error(path(key), "missing required key '\(key)'")
            return nil
        }
        return value
    }

    func string(_ key: String, required isRequired: Bool = false) -> String? {
        guard let value = isRequired ? required(key) : object[key] else { return nil }
        guard let text = value as? String else {
            issues.error(path(key), "must be a string, not \(JSONKind.name(value))")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let flag = JSONKind.bool(value) else {
            issues.error(path(key), "must be true or false, not \(JSONKind.name(value))")
            return nil
        }
        return flag
    }

    func integer(_ key: String, in range: ClosedRange<Int>, required isRequired: Bool = false) -> Int? {
        guard let value = isRequired ? required(key) : object[key] else { return nil }
        guard let number = JSONKind.integer(value), range.contains(number) else {
            issues.error(path(key), "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    func array(_ key: String, required isRequired: Bool = false) -> [Any]? {
        guard let value = isRequired ? required(key) : object[key] else { return nil }
        guard let items = value as? [Any] else {
            issues.error(path(key), "must be an array, not \(JSONKind.name(value))")
            return nil
        }
        return items
    }

    /// Reports every key not in `known` (typos would otherwise be silently ignored).
    /// `$comment` (the JSON Schema convention) is allowed everywhere for notes.
    func reportUnknownKeys(known: [String]) {
        for key in object.keys.sorted() where !known.contains(key) {
            if key == "$comment" {
                checkComment(object[key])
                continue
            }
            issues.error(path(key), "unknown key '\(JSONPath.display(key))'; expected one of: \(known.joined(separator: ", "))")
        }
    }

    private func checkComment(_ value: Any?) {
        guard let value else { return }
        if value is String { return }
        if let lines = value as? [Any], lines.allSatisfy({ $0 is String }) { return }
        issues.error(path("$comment"), "must be a string or an array of strings")
    }
}
