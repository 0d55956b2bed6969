/// `connections`: linked accounts at providers.
extension ConfigLoader {
    struct ConnectionsRead {
        /// Connections without any problem.
        var valid: [ConnectionConfiguration] = []
        /// Every well-formed id, even of connections with other problems, so one bad secret
        /// does not also make each subscription that names the connection fail.
        var declaredIDs: Set<String> = []
    }

    static func readConnections(_ root: ObjectReader, knownProviders: Set<String>?,
                                resolver: SecretResolver) -> ConnectionsRead {
        var result = ConnectionsRead()
        guard let items = root.array("connections") else { return result }
        var seen: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = JSONPath.index(root.path("connections"), index)
            guard let entry = ObjectReader(item, path: itemPath, issues: root.issues) else { continue }
            entry.reportUnknownKeys(known: ["id", "provider", "secret", "secrets"])
            let id = readID(entry, seen: &seen, kind: "connection")
            if let id { result.declaredIDs.insert(id) }
            let provider = readProvider(entry, knownProviders: knownProviders)
            let secrets = readSecrets(entry, format: .raw, resolver: resolver)
            if let id, let provider, let secrets {
                result.valid.append(ConnectionConfiguration(id: id, provider: provider, secrets: secrets))
            }
        }
        return result
    }

    private static func readProvider(_ entry: ObjectReader, knownProviders: Set<String>?) -> String? {
        guard let provider = entry.string("provider", required: true) else { return nil }
        // A provider id is a folder name: the id rule keeps '/' and '..' out.
        guard isValidID(provider) else {
            entry.issues.error(entry.path("provider"), "is not a provider id: it \(idRule)")
            return nil
        }
        if let knownProviders, !knownProviders.contains(provider) {
            entry.issues.error(entry.path("provider"),
                               "unknown provider '\(provider)' (no folder with provider.json of that name under providersPath)")
            return nil
        }
        return provider
    }
}
