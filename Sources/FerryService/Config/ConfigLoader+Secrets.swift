internal import FerryCrypto

/// `secret` / `secrets` in connections and subscriptions.
extension ConfigLoader {
    /// How a resolved secret's text becomes key bytes.
    enum SecretFormat {
        /// The bytes as given (connection secrets; the provider's scheme reads them).
        case raw
        /// `whsec_<base64>`, decoded (subscription secrets, Standard Webhooks).
        case standardWebhooks
    }

    /// Reads exactly one of `secret` (one) or `secrets` (several, for rotation) from `object`.
    /// Nil when anything is wrong; every problem is reported, never with a secret's value.
    static func readSecrets(_ object: ObjectReader, format: SecretFormat, resolver: SecretResolver) -> [Secret]? {
        let hasOne = object.contains("secret")
        let hasMany = object.contains("secrets")
        if hasOne && hasMany {
            object.issues.error(object.path("secrets"), "give either 'secret' or 'secrets' (for rotation), not both")
            return nil
        }
        var entries: [(value: Any, path: String)] = []
        if hasOne, let value = object.object["secret"] {
            entries = [(value, object.path("secret"))]
        } else if hasMany {
            guard let items = object.array("secrets") else { return nil }
            guard !items.isEmpty else {
                object.issues.error(object.path("secrets"), "must list at least one secret")
                return nil
            }
            entries = items.enumerated().map { ($1, JSONPath.index(object.path("secrets"), $0)) }
        } else {
            object.issues.error(object.path("secret"), "missing required key 'secret' (or 'secrets' during rotation)")
            return nil
        }
        var secrets: [Secret] = []
        var failed = false
        for entry in entries {
            if let secret = readSecret(entry.value, path: entry.path, format: format, resolver: resolver,
                                       issues: object.issues) {
                secrets.append(secret)
            } else {
                failed = true
            }
        }
        return failed ? nil : secrets
    }

    private static func readSecret(_ value: Any, path: String, format: SecretFormat, resolver: SecretResolver,
                                   issues: IssueList) -> Secret? {
        guard let text = value as? String else {
            issues.error(path, "must be a string (env:NAME, file:PATH, or the secret itself), not \(JSONKind.name(value))")
            return nil
        }
        let reference: SecretReference
        do {
            reference = try SecretReference(parsing: text)
        } catch {
            issues.error(path, error.description)
            return nil
        }
        if reference.isLiteral {
            issues.warning(path, "literal secret in config; prefer env: or file:")
        }
        do {
            switch format {
            case .raw: return try resolver.resolve(reference)
            case .standardWebhooks: return try resolver.resolveStandardWebhooksKey(reference)
            }
        } catch {
            issues.error(path, error.problem)
            return nil
        }
    }

    /// 1–64 characters of `[A-Za-z0-9._-]`: safe in a URL path segment, a log field and a file name.
    static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    static let idRule = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'"

    /// Reads and checks the `id` of a list entry; reports a repeat of an earlier id.
    static func readID(_ object: ObjectReader, seen: inout [String: String], kind: String) -> String? {
        guard let id = object.string("id", required: true) else { return nil }
        guard isValidID(id) else {
            object.issues.error(object.path("id"), idRule)
            return nil
        }
        if let first = seen[id] {
            object.issues.error(object.path("id"), "duplicate \(kind) id '\(id)' (first at \(first))")
            return nil
        }
        seen[id] = object.path("id")
        return id
    }
}
