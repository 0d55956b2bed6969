internal import FerryDelivery
internal import FerryHTTP

/// `subscriptions`: customer apps that receive unified events.
extension ConfigLoader {
    static func readSubscriptions(_ root: ObjectReader, connectionIDs: Set<String>, allowPrivate: Bool,
                                  resolver: SecretResolver) -> [SubscriptionConfiguration] {
        guard let items = root.array("subscriptions") else { return [] }
        var subscriptions: [SubscriptionConfiguration] = []
        var seen: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = JSONPath.index(root.path("subscriptions"), index)
            guard let entry = ObjectReader(item, path: itemPath, issues: root.issues) else { continue }
            entry.reportUnknownKeys(known: ["id", "url", "secret", "secrets", "connections", "types", "required",
                                            "timeoutMs"])
            let id = readID(entry, seen: &seen, kind: "subscription")
            let url = readSubscriberURL(entry, allowPrivate: allowPrivate)
            let secrets = readSecrets(entry, format: .standardWebhooks, resolver: resolver)
            let connections = readConnectionReferences(entry, connectionIDs: connectionIDs)
            let types = readTypes(entry)
            let required = entry.bool("required") ?? true
            let timeout = entry.integer("timeoutMs", in: 1...60_000).map { Duration.milliseconds($0) }
            if let id, let url, let secrets, let connections, let types {
                subscriptions.append(SubscriptionConfiguration(
                    id: id, url: url, secrets: secrets, connections: connections, types: types,
                    required: required, timeout: timeout))
            }
        }
        return subscriptions
    }

    /// The URL, refused when its host is not public (unless allowed). DNS names are checked
    /// again by the forwarder on every address they resolve to. The URL is never quoted:
    /// its path or query may carry a token.
    private static func readSubscriberURL(_ entry: ObjectReader, allowPrivate: Bool) -> HTTPURL? {
        guard let text = entry.string("url", required: true) else { return nil }
        let path = entry.path("url")
        guard let url = try? HTTPURL(text) else {
            entry.issues.error(path, "must be an absolute http:// or https:// URL without user info or fragment")
            return nil
        }
        let classification = SubscriberAddressPolicy.classify(host: url.host)
        if case .refused(let reason) = classification {
            if !allowPrivate {
                entry.issues.error(path, "host is \(reason); subscribers must be public (set allowPrivateSubscribers to true to allow)")
                return nil
            }
        } else if url.scheme == "http" {
            entry.issues.warning(path, "plain http to a public host: events would cross the network unencrypted; use https")
        }
        return url
    }

    private static func readConnectionReferences(_ entry: ObjectReader, connectionIDs: Set<String>) -> [String]? {
        guard let items = entry.array("connections", required: true) else { return nil }
        let listPath = entry.path("connections")
        guard !items.isEmpty else {
            entry.issues.error(listPath, "must name at least one connection id")
            return nil
        }
        var ids: [String] = []
        var failed = false
        for (index, item) in items.enumerated() {
            let itemPath = JSONPath.index(listPath, index)
            guard let id = item as? String else {
                entry.issues.error(itemPath, "must be a connection id (a string), not \(JSONKind.name(item))")
                failed = true
                continue
            }
            if !connectionIDs.contains(id) {
                let shown = isValidID(id) ? "'\(id)'" : "this id"
                entry.issues.error(itemPath, "no connection \(shown) in $.connections")
                failed = true
            } else if ids.contains(id) {
                entry.issues.error(itemPath, "connection '\(id)' is listed twice")
                failed = true
            } else {
                ids.append(id)
            }
        }
        return failed ? nil : ids
    }

    private static func readTypes(_ entry: ObjectReader) -> [TypePattern]? {
        guard entry.contains("types") else { return [.everything] }
        guard let items = entry.array("types") else { return nil }
        guard !items.isEmpty else {
            entry.issues.error(entry.path("types"), "must list at least one pattern (leave 'types' out for every type)")
            return nil
        }
        var patterns: [TypePattern] = []
        var failed = false
        for (index, item) in items.enumerated() {
            let itemPath = JSONPath.index(entry.path("types"), index)
            guard let text = item as? String else {
                entry.issues.error(itemPath, "must be a string, not \(JSONKind.name(item))")
                failed = true
                continue
            }
            do {
                patterns.append(try TypePattern(text))
            } catch {
                entry.issues.error(itemPath, error.description)
                failed = true
            }
        }
        return failed ? nil : patterns
    }
}
