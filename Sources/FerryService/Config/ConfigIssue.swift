/// One problem (or warning) found in a config file, located by its JSON path.
///
/// `problem` never holds a secret or a URL; it names keys, ids and limits only.
public struct ConfigIssue: Hashable, Sendable, CustomStringConvertible {
    /// Where: a JSON path such as `$.subscriptions[0].url` (`$` is the whole file).
    public let path: String
    /// What is wrong, for people.
    public let problem: String
    /// A warning does not stop the config from loading.
    public let isWarning: Bool

    public init(path: String, problem: String, isWarning: Bool = false) {
        self.path = path
        self.problem = problem
        self.isWarning = isWarning
    }

    public var description: String {
        (isWarning ? "warning: " : "error: ") + path + ": " + problem
    }
}

/// Why a config could not be loaded: every issue found in one pass, warnings included.
public struct ConfigError: Error, CustomStringConvertible {
    /// Errors and warnings in file order (`isWarning` tells them apart).
    public let issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    /// The issues that stop the load.
    public var errors: [ConfigIssue] { issues.filter { !$0.isWarning } }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
