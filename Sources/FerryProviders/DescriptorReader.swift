internal import Foundation

/// Walks a parsed descriptor (Foundation JSON objects), collecting every issue with its
/// JSON path instead of stopping at the first, and flagging keys it was not asked for
/// (a typo in a descriptor must not silently disable a rule).
struct DescriptorReader {
    let file: String
    private(set) var issues: [DescriptorIssue] = []

    init(file: String) { self.file = file }

    mutating func fail(_ path: String, _ problem: String) {
        issues.append(DescriptorIssue(file: file, path: path, problem: problem))
    }

    /// The object at `path`, checking that it has only `allowed` keys.
    mutating func object(_ value: Any?, at path: String, allowed: Set<String>) -> [String: Any]? {
        guard let object = value as? [String: Any] else {
            fail(path, value == nil ? "is required" : "must be an object")
            return nil
        }
        for key in object.keys.sorted() where !allowed.contains(key) {
            fail("\(path).\(key)", "unknown key")
        }
        return object
    }

    mutating func string(_ object: [String: Any], _ key: String, at path: String, required: Bool = true) -> String? {
        guard let value = object[key] else {
            if required { fail("\(path).\(key)", "is required") }
            return nil
        }
        guard let text = value as? String, !text.isEmpty else {
            fail("\(path).\(key)", "must be a non-empty string")
            return nil
        }
        return text
    }

    mutating func strings(_ object: [String: Any], _ key: String, at path: String) -> [String]? {
        guard let value = object[key] else { return nil }
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
            fail("\(path).\(key)", "must be an array of strings")
            return nil
        }
        return list.compactMap { $0 as? String }
    }

    mutating func integer(_ object: [String: Any], _ key: String, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = object[key] else { return nil }
        // JSONSerialization gives NSNumber; a Bool is an NSNumber too, with objCType "c".
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              let integer = Int(exactly: number.doubleValue), range.contains(integer) else {
            fail("\(path).\(key)", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return integer
    }

    mutating func array(_ object: [String: Any], _ key: String, at path: String) -> [Any] {
        guard let value = object[key] else { return [] }
        guard let list = value as? [Any] else {
            fail("\(path).\(key)", "must be an array")
            return []
        }
        return list
    }

    /// A JSON Pointer (RFC 6901 §3): empty, or `/`-separated tokens where `~` only appears as `~0` / `~1`.
    mutating func pointer(_ text: String?, at path: String) -> String? {
        guard let text else { return nil }
        guard Self.isValidPointer(text) else {
            fail(path, "must be a JSON Pointer (RFC 6901), e.g. \"/data/id\"")
            return nil
        }
        return text
    }

    static func isValidPointer(_ text: String) -> Bool {
        if text.isEmpty { return true }
        guard text.hasPrefix("/") else { return false }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "~" {
            guard index + 1 < scalars.count, scalars[index + 1] == "0" || scalars[index + 1] == "1" else { return false }
        }
        return true
    }

    /// An HTTP field name: an RFC 9110 §5.6.2 token.
    mutating func headerName(_ text: String?, at path: String) -> String? {
        guard let text else { return nil }
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        guard !text.isEmpty, text.unicodeScalars.allSatisfy(tchar.contains) else {
            fail(path, "must be an HTTP field name (RFC 9110 §5.6.2 token)")
            return nil
        }
        return text
    }
}
