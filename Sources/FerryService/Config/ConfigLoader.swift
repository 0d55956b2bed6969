internal import FerryCrypto
internal import Foundation
internal import FerryProviders

/// Loads and validates a relay config file (JSON), reporting every problem in one pass.
///
/// Relative paths in the file (`providersPath`, `file:` secrets) start at the directory of
/// the config file (`baseDirectory` for ``parse(_:baseDirectory:environment:knownProviders:)``).
public enum ConfigLoader {
    /// How connection `provider` names are checked.
    public enum KnownProviders: Sendable {
        /// Not checked.
        case unchecked
        /// Must be one of these ids.
        case ids(Set<String>)
        /// Must be a folder under the config's `providersPath` holding `provider.json`
        /// (folders starting with `_` or `.` are not providers).
        case discover
    }

    /// The largest config file accepted.
    public static let maximumFileSize = 4 * 1024 * 1024

    /// Reads and validates the file at `path`; `knownProviders` nil skips the provider check.
    public static func load(path: String, environment: [String: String], knownProviders: Set<String>?)
        throws(ConfigError) -> (RelayConfiguration, warnings: [ConfigIssue]) {
        try load(path: path, environment: environment, providers: knownProviders.map { .ids($0) } ?? .unchecked)
    }

    /// Reads and validates the file at `path`, checking providers as `providers` says.
    public static func load(path: String, environment: [String: String], providers: KnownProviders)
        throws(ConfigError) -> (RelayConfiguration, warnings: [ConfigIssue]) {
        var bytes: [UInt8]
        switch ConfigFile.contents(of: path, limit: maximumFileSize) {
        case .success(let read): bytes = read
        case .failure(let failure):
            throw ConfigError(issues: [ConfigIssue(path: "$", problem: "cannot read config file '\(path)': \(failure)")])
        }
        // The file may hold literal secrets.
        defer { secureWipe(&bytes) }
        return try parse(bytes, baseDirectory: ConfigPaths.directory(of: path), environment: environment,
                         providers: providers)
    }

    /// Validates config JSON; `knownProviders` nil skips the provider check.
    public static func parse(_ data: [UInt8], baseDirectory: String, environment: [String: String],
                             knownProviders: Set<String>?) throws(ConfigError) -> (RelayConfiguration, warnings: [ConfigIssue]) {
        try parse(data, baseDirectory: baseDirectory, environment: environment,
                  providers: knownProviders.map { .ids($0) } ?? .unchecked)
    }

    /// Validates config JSON, checking providers as `providers` says.
    public static func parse(_ data: [UInt8], baseDirectory: String, environment: [String: String],
                             providers: KnownProviders) throws(ConfigError) -> (RelayConfiguration, warnings: [ConfigIssue]) {
        let issues = IssueList()
        guard let json = decodeJSON(data, issues: issues),
              let root = ObjectReader(json, path: "$", issues: issues, what: "a JSON object") else {
            throw ConfigError(issues: issues.all)
        }
        root.reportUnknownKeys(known: ["listen", "publicBaseURL", "allowPrivateSubscribers", "providersPath",
                                       "loops", "connections", "subscriptions"])
        let listen = readListen(root)
        let publicBaseURL = readPublicBaseURL(root)
        let allowPrivate = root.bool("allowPrivateSubscribers") ?? false
        let providersPath = readProvidersPath(root, baseDirectory: baseDirectory)
        let loops = root.integer("loops", in: 1...256)
        let known = knownProviderIDs(providers, providersPath: providersPath, root: root)

        let resolver = SecretResolver(environment: environment, baseDirectory: baseDirectory)
        let connections = readConnections(root, knownProviders: known, resolver: resolver)
        let subscriptions = readSubscriptions(root, connectionIDs: connections.declaredIDs,
                                              allowPrivate: allowPrivate, resolver: resolver)
        guard !issues.hasErrors, let publicBaseURL else {
            throw ConfigError(issues: issues.all)
        }
        let configuration = RelayConfiguration(
            listen: listen, publicBaseURL: publicBaseURL, allowPrivateSubscribers: allowPrivate,
            providersPath: providersPath ?? ConfigPaths.resolve(RelayConfiguration.defaultProvidersPath, against: baseDirectory),
            loops: loops, connections: connections.valid, subscriptions: subscriptions)
        return (configuration, warnings: issues.warnings)
    }

    /// The provider ids under `directory`: subfolders holding `provider.json`, except those
    /// starting with `_` (shared data such as `_unified`) or `.`. Nil when it cannot be listed.
    public static func discoverProviders(in directory: String) -> Set<String>? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return Set(ProviderCatalog.providerFolders(in: directory))
    }

    private static func knownProviderIDs(_ providers: KnownProviders, providersPath: String?,
                                         root: ObjectReader) -> Set<String>? {
        switch providers {
        case .unchecked: return nil
        case .ids(let ids): return ids
        case .discover:
            guard let providersPath else { return nil }
            guard let ids = discoverProviders(in: providersPath) else {
                root.issues.error(root.path("providersPath"), "cannot list the providers folder '\(providersPath)'")
                return nil
            }
            return ids
        }
    }
}
