public import FerryCrypto

/// Turns a ``SecretReference`` into secret bytes, reading an injected environment and files.
///
/// Errors name the variable or the path, never a value. Intermediate byte arrays are wiped.
public struct SecretResolver: Sendable {
    /// The environment `env:` references read (injected, so tests need not touch the process's).
    public let environment: [String: String]
    /// The directory relative `file:` paths start from: the config file's directory.
    public let baseDirectory: String

    /// The most a secret file may hold; secrets are short, a bigger file is a mistake.
    public static let maximumFileSize = 64 * 1024

    public init(environment: [String: String], baseDirectory: String) {
        self.environment = environment
        self.baseDirectory = baseDirectory
    }

    /// The secret's bytes as given (for connection secrets).
    public func resolve(_ reference: SecretReference) throws(SecretResolutionError) -> Secret {
        var bytes = try resolveBytes(reference)
        return Secret(wiping: &bytes)
    }

    /// The decoded key of a `whsec_<base64>` secret (Standard Webhooks: 24 to 64 bytes).
    public func resolveStandardWebhooksKey(_ reference: SecretReference) throws(SecretResolutionError) -> Secret {
        var text = try resolveBytes(reference)
        defer { secureWipe(&text) }
        return try Self.decodeStandardWebhooksKey(text)
    }

    /// Decodes `whsec_` + strict base64 of 24...64 bytes; the error never shows the text.
    public static func decodeStandardWebhooksKey(_ text: [UInt8]) throws(SecretResolutionError) -> Secret {
        let prefix = Array("whsec_".utf8)
        guard text.count > prefix.count, text.starts(with: prefix) else {
            throw SecretResolutionError(problem: "subscription secret must be 'whsec_' followed by base64 (Standard Webhooks)")
        }
        var key: [UInt8]
        do {
            key = try text.withUnsafeBytes { raw in
                try Base64.decode(UnsafeRawBufferPointer(rebasing: raw[prefix.count...]))
            }
        } catch {
            throw SecretResolutionError(problem: "subscription secret after 'whsec_' is not strict base64 (RFC 4648 §4, padded)")
        }
        guard (24...64).contains(key.count) else {
            secureWipe(&key)
            throw SecretResolutionError(problem: "subscription secret must decode to 24 to 64 bytes (Standard Webhooks)")
        }
        return Secret(wiping: &key)
    }

    /// The raw bytes of the referenced secret; the caller must `secureWipe` them.
    public func resolveBytes(_ reference: SecretReference) throws(SecretResolutionError) -> [UInt8] {
        switch reference {
        case .environment(let name):
            guard let value = environment[name] else {
                throw SecretResolutionError(problem: "environment variable \(name) is not set")
            }
            guard !value.isEmpty else {
                throw SecretResolutionError(problem: "environment variable \(name) is empty")
            }
            return Array(value.utf8)
        case .file(let path):
            let full = ConfigPaths.resolve(path, against: baseDirectory)
            var bytes: [UInt8]
            switch ConfigFile.contents(of: full, limit: Self.maximumFileSize) {
            case .success(let read): bytes = read
            case .failure(let failure):
                throw SecretResolutionError(problem: "cannot read secret file '\(full)': \(failure)")
            }
            // One trailing newline is what editors and `echo` add; it is not part of the secret.
            if bytes.last == UInt8(ascii: "\n") {
                bytes.removeLast()
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            }
            guard !bytes.isEmpty else {
                secureWipe(&bytes)
                throw SecretResolutionError(problem: "secret file '\(full)' is empty")
            }
            return bytes
        case .literal(let secret):
            return secret.withUnsafeBytes { Array($0) }
        }
    }
}

/// Why a secret could not be resolved; names a variable or path, never a value.
public struct SecretResolutionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for people.
    public let problem: String

    public init(problem: String) {
        self.problem = problem
    }

    public var description: String { problem }
}
