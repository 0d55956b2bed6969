public import FerryCrypto

/// Where a secret in the config comes from: `env:NAME`, `file:PATH`, or the text itself.
///
/// A literal is held as a ``Secret`` from the moment it is parsed, so the description of a
/// reference never shows it.
public enum SecretReference: Sendable, CustomStringConvertible {
    /// `env:NAME`: the value of an environment variable.
    case environment(name: String)
    /// `file:PATH`: a file's content, less one trailing newline; relative to the config's directory.
    case file(path: String)
    /// Anything else: the text is the secret (allowed, with a warning).
    case literal(Secret)

    /// Reads `text` as a reference; throws when `env:` or `file:` lacks what must follow.
    public init(parsing text: String) throws(SecretReferenceError) {
        if text.hasPrefix("env:") {
            let name = String(text.dropFirst(4))
            guard Self.isEnvironmentName(name) else { throw .invalidVariableName }
            self = .environment(name: name)
        } else if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw .missingPath }
            guard !path.utf8.contains(0) else { throw .invalidPath }
            self = .file(path: path)
        } else {
            guard !text.isEmpty else { throw .empty }
            self = .literal(Secret(utf8: text))
        }
    }

    /// Whether the secret is written in the config file itself.
    public var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .environment(let name): return "env:\(name)"
        case .file(let path): return "file:\(path)"
        case .literal: return "<redacted literal>"
        }
    }

    /// POSIX portable names: a letter or `_`, then letters, digits and `_`.
    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "_")
        }
    }
}

/// Why a secret reference could not be read (never holds the secret).
public struct SecretReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable { case empty, invalidVariableName, missingPath, invalidPath }
    private let code: Code
    public static let empty = SecretReferenceError(code: .empty)
    public static let invalidVariableName = SecretReferenceError(code: .invalidVariableName)
    public static let missingPath = SecretReferenceError(code: .missingPath)
    public static let invalidPath = SecretReferenceError(code: .invalidPath)

    public var description: String {
        switch code {
        case .empty: return "secret is empty"
        case .invalidVariableName: return "'env:' must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*)"
        case .missingPath: return "'file:' must be followed by a path"
        case .invalidPath: return "'file:' path contains a NUL byte"
        }
    }
}
