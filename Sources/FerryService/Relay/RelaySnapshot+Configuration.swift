internal import FerryDelivery
public import FerryProviders

extension RelaySnapshot {
    /// Builds the data plane's snapshot from a loaded configuration and provider catalog.
    /// Fails (with JSON paths) when a connection names a provider the catalog lacks.
    public init(configuration: RelayConfiguration, catalog: ProviderCatalog) throws(ConfigError) {
        var issues: [ConfigIssue] = []
        var connections: [Connection] = []
        for (index, connection) in configuration.connections.enumerated() {
            guard let provider = catalog[connection.provider] else {
                issues.append(ConfigIssue(path: "$.connections[\(index)].provider",
                                          problem: "no provider descriptor named \"\(connection.provider)\""))
                continue
            }
            let verifier = ConnectionVerifier(provider: provider, connectionID: connection.id, secrets: connection.secrets)
            if verifier.unusableSecretCount > 0 {
                issues.append(ConfigIssue(path: "$.connections[\(index)]",
                                          problem: "\(verifier.unusableSecretCount) secret(s) unusable for the \(provider.id) signature scheme"))
            }
            connections.append(Connection(id: connection.id, provider: provider, secrets: connection.secrets))
        }
        guard issues.isEmpty else { throw ConfigError(issues: issues) }
        let subscriptions = configuration.subscriptions.map { subscription in
            Subscription(id: subscription.id, url: subscription.url, signingKeys: subscription.secrets,
                         connections: Set(subscription.connections), wants: { subscription.wants(type: $0) },
                         required: subscription.required, timeout: subscription.timeout)
        }
        self.init(catalog: catalog, connections: connections, subscriptions: subscriptions,
                  publicBaseURL: configuration.publicBaseURL)
    }
}
