/// One problem in a provider descriptor: where (a JSON path) and what.
public struct DescriptorIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file the issue is in.
    public let file: String
    /// JSON path inside the file, e.g. `$.signature.algorithm`.
    public let path: String
    public let problem: String

    public var description: String { "\(file): \(path): \(problem)" }
}

/// Loading or linting descriptors failed; every issue found is listed.
public struct DescriptorError: Error, Sendable, CustomStringConvertible {
    public let issues: [DescriptorIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
