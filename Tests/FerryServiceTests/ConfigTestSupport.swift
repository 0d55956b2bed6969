import FerryCrypto
import FerryService
import Foundation

/// Builds config JSON from parts and loads it with a fixed environment and temp files.
struct ConfigFixture {
    /// A Standard Webhooks key: 32 bytes, `whsec_` + base64.
    static let keyBytes = [UInt8](0..<32)
    static let whsec = "whsec_" + Base64.encode(keyBytes)
    static let connectionSecret = "medplum-shared-secret"

    let directory: String
    var environment: [String: String]

    init() throws {
        directory = NSTemporaryDirectory() + "ferry-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        environment = ["ACME_MEDPLUM_SECRET": Self.connectionSecret]
        try write("acme-app.secret", Self.whsec + "\n")
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let goodConnections = """
        [{"id": "acme-medplum", "provider": "medplum", "secret": "env:ACME_MEDPLUM_SECRET"}]
        """

    static let goodSubscriptions = """
        [{"id": "acme-app", "url": "https://app.acme.example/ferry", "secret": "file:acme-app.secret",
          "connections": ["acme-medplum"], "types": ["ehr.patient.*"], "required": true, "timeoutMs": 1500}]
        """

    /// A config with every part replaceable; `nil` leaves the key out.
    static func json(listen: String? = #"[{"address": "127.0.0.1", "port": 8080}]"#,
                     publicBaseURL: String? = #""https://hooks.example.com""#,
                     extra: String = "",
                     connections: String = goodConnections,
                     subscriptions: String = goodSubscriptions) -> String {
        var fields: [String] = []
        if let listen { fields.append(#""listen": "# + listen) }
        if let publicBaseURL { fields.append(#""publicBaseURL": "# + publicBaseURL) }
        if !extra.isEmpty { fields.append(extra) }
        fields.append(#""connections": "# + connections)
        fields.append(#""subscriptions": "# + subscriptions)
        return "{" + fields.joined(separator: ",\n") + "}"
    }

    func parse(_ json: String, knownProviders: Set<String>? = ["medplum", "healthie"])
        -> Result<(RelayConfiguration, warnings: [ConfigIssue]), ConfigError> {
        Result { () throws(ConfigError) in
            try ConfigLoader.parse(Array(json.utf8), baseDirectory: directory, environment: environment,
                                   knownProviders: knownProviders)
        }
    }
}

extension Result where Failure == ConfigError {
    var issues: [ConfigIssue] {
        if case .failure(let error) = self { return error.issues }
        return []
    }
}
