import FerryCrypto
import FerryService
import Foundation
import Testing

/// Loading the relay config: the example, every field's error path, many errors at once, no leaks.
@Suite struct ConfigTests {
    @Test func theDocumentedExampleLoads() throws {
        var fixture = try ConfigFixture()
        defer { fixture.remove() }
        let secretPath = fixture.directory + "/acme-app"
        try fixture.write("acme-app", ConfigFixture.whsec + "\n")
        fixture.environment["UNRELATED"] = "x"
        let json = """
            {
              "listen": [{"address": "127.0.0.1", "port": 8080}],
              "publicBaseURL": "https://hooks.example.com",
              "allowPrivateSubscribers": false,
              "providersPath": "Providers",
              "loops": 2,
              "connections": [
                {"id": "acme-medplum", "provider": "medplum", "secret": "env:ACME_MEDPLUM_SECRET"}
              ],
              "subscriptions": [
                {"id": "acme-app", "url": "https://app.acme.example/ferry", "secret": "file:\(secretPath)",
                 "connections": ["acme-medplum"], "types": ["ehr.patient.*"], "required": true, "timeoutMs": 1500}
              ]
            }
            """
        let (config, warnings) = try fixture.parse(json).get()
        #expect(warnings.isEmpty)
        #expect(config.listen.map(\.description) == ["127.0.0.1:8080"])
        #expect(config.publicBaseURL == "https://hooks.example.com")
        #expect(config.allowPrivateSubscribers == false)
        #expect(config.providersPath == fixture.directory + "/Providers")
        #expect(config.loops == 2)
        #expect(config.connections.count == 1)
        let connection = try #require(config.connections.first)
        #expect(connection.id == "acme-medplum")
        #expect(connection.provider == "medplum")
        #expect(connection.secrets.map { $0.withUnsafeBytes { Array($0) } } == [Array(ConfigFixture.connectionSecret.utf8)])
        let subscription = try #require(config.subscriptions.first)
        #expect(subscription.id == "acme-app")
        #expect(subscription.url.host == "app.acme.example")
        #expect(subscription.url.target == "/ferry")
        #expect(subscription.secrets.map { $0.withUnsafeBytes { Array($0) } } == [ConfigFixture.keyBytes])
        #expect(subscription.connections == ["acme-medplum"])
        #expect(subscription.types.map(\.description) == ["ehr.patient.*"])
        #expect(subscription.required)
        #expect(subscription.timeout == .milliseconds(1500))
        #expect(subscription.wants(type: "ehr.patient.created"))
        #expect(!subscription.wants(type: "hris.employee.created"))
    }

    @Test func loadReadsTheFileAndResolvesRelativePathsFromItsDirectory() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        try fixture.write("ferry.json", ConfigFixture.json())
        try FileManager.default.createDirectory(atPath: fixture.directory + "/Providers/medplum",
                                                withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: fixture.directory + "/Providers/_unified",
                                                withIntermediateDirectories: true)
        try fixture.write("Providers/medplum/provider.json", "{}")
        try fixture.write("Providers/_unified/provider.json", "{}")
        #expect(ConfigLoader.discoverProviders(in: fixture.directory + "/Providers") == ["medplum"])
        let (config, _) = try ConfigLoader.load(path: fixture.directory + "/ferry.json",
                                                environment: fixture.environment, providers: .discover)
        #expect(config.providersPath == fixture.directory + "/Providers")
        #expect(config.subscriptions.first?.secrets.first?.count == 32)
    }

    @Test func defaultsApplyWhenKeysAreLeftOut() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = #"{"publicBaseURL": "http://localhost:8080/relay"}"#
        let (config, warnings) = try fixture.parse(json).get()
        #expect(warnings.isEmpty)
        #expect(config.listen.map(\.description) == ["127.0.0.1:8080"])
        #expect(config.allowPrivateSubscribers == false)
        #expect(config.providersPath == fixture.directory + "/Providers")
        #expect(config.loops == nil)
        #expect(config.connections.isEmpty && config.subscriptions.isEmpty)

        let minimal = ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://app.acme.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """)
        let subscription = try #require(try fixture.parse(minimal).get().0.subscriptions.first)
        #expect(subscription.types == [.everything])
        #expect(subscription.required)
        #expect(subscription.timeout == nil)
    }

    /// (what, config JSON, expected issue path, words the problem must contain)
    static let fieldErrors: [(String, String, String, String)] = [
        ("bad port", ConfigFixture.json(listen: #"[{"address": "127.0.0.1", "port": 70000}]"#),
         "$.listen[0].port", "0 to 65535"),
        ("port not a number", ConfigFixture.json(listen: #"[{"address": "127.0.0.1", "port": "80"}]"#),
         "$.listen[0].port", "whole number"),
        ("bad address", ConfigFixture.json(listen: #"[{"address": "localhost", "port": 8080}]"#),
         "$.listen[0].address", "numeric"),
        ("missing address", ConfigFixture.json(listen: #"[{"port": 8080}]"#), "$.listen[0].address", "missing"),
        ("empty listen", ConfigFixture.json(listen: "[]"), "$.listen", "at least one"),
        ("duplicate listen", ConfigFixture.json(listen: #"[{"address": "::1", "port": 1}, {"address": "::1", "port": 1}]"#),
         "$.listen[1]", "$.listen[0]"),
        ("missing publicBaseURL", ConfigFixture.json(publicBaseURL: nil), "$.publicBaseURL", "missing required key"),
        ("publicBaseURL not http", ConfigFixture.json(publicBaseURL: #""ftp://hooks.example.com""#), "$.publicBaseURL", "http"),
        ("publicBaseURL trailing slash", ConfigFixture.json(publicBaseURL: #""https://hooks.example.com/""#),
         "$.publicBaseURL", "'/'"),
        ("publicBaseURL query", ConfigFixture.json(publicBaseURL: #""https://hooks.example.com?a=1""#), "$.publicBaseURL", "query"),
        ("publicBaseURL fragment", ConfigFixture.json(publicBaseURL: #""https://hooks.example.com#x""#),
         "$.publicBaseURL", "fragment"),
        ("loops out of range", ConfigFixture.json(extra: #""loops": 0"#), "$.loops", "1 to 256"),
        ("flag not a bool", ConfigFixture.json(extra: #""allowPrivateSubscribers": 1"#), "$.allowPrivateSubscribers", "true or false"),
        ("duplicate connection ids", ConfigFixture.json(connections: """
            [{"id": "a", "provider": "medplum", "secret": "env:ACME_MEDPLUM_SECRET"},
             {"id": "a", "provider": "medplum", "secret": "env:ACME_MEDPLUM_SECRET"}]
            """), "$.connections[1].id", "duplicate connection id 'a'"),
        ("bad connection id", ConfigFixture.json(connections: """
            [{"id": "a/b", "provider": "medplum", "secret": "env:ACME_MEDPLUM_SECRET"}]
            """), "$.connections[0].id", "1 to 64"),
        ("unknown provider", ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplumm", "secret": "env:ACME_MEDPLUM_SECRET"}]
            """), "$.connections[0].provider", "unknown provider 'medplumm'"),
        ("missing env variable", ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplum", "secret": "env:NOT_SET_ANYWHERE"}]
            """), "$.connections[0].secret", "NOT_SET_ANYWHERE is not set"),
        ("both secret and secrets", ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplum", "secret": "env:ACME_MEDPLUM_SECRET",
              "secrets": ["env:ACME_MEDPLUM_SECRET"]}]
            """), "$.connections[0].secrets", "not both"),
        ("empty secrets list", ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplum", "secrets": []}]
            """), "$.connections[0].secrets", "at least one"),
        ("no secret", ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplum"}]
            """), "$.connections[0].secret", "missing required key 'secret'"),
        ("secret not a string", ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplum", "secrets": ["env:ACME_MEDPLUM_SECRET", 42]}]
            """), "$.connections[0].secrets[1]", "must be a string"),
        ("duplicate subscription ids", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]},
             {"id": "s", "url": "https://b.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[1].id", "duplicate subscription id 's'"),
        ("unknown connection reference", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum", "nope"]}]
            """), "$.subscriptions[0].connections[1]", "no connection 'nope'"),
        ("no connections named", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": []}]
            """), "$.subscriptions[0].connections", "at least one"),
        ("bad type pattern", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "types": ["ehr.patient.*", "ehr.Patient.*"]}]
            """), "$.subscriptions[0].types[1]", "lowercase"),
        ("empty types", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "types": []}]
            """), "$.subscriptions[0].types", "at least one"),
        ("timeoutMs too small", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "timeoutMs": 0}]
            """), "$.subscriptions[0].timeoutMs", "1 to 60000"),
        ("timeoutMs too big", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "timeoutMs": 60001}]
            """), "$.subscriptions[0].timeoutMs", "1 to 60000"),
        ("timeoutMs fractional", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "timeoutMs": 1.5}]
            """), "$.subscriptions[0].timeoutMs", "whole number"),
        ("required not a bool", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "required": "yes"}]
            """), "$.subscriptions[0].required", "true or false"),
        ("unknown top-level key", ConfigFixture.json(extra: #""subscription": []"#), "$.subscription", "unknown key 'subscription'"),
        ("unknown nested key", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"],
              "timeout": 100}]
            """), "$.subscriptions[0].timeout", "unknown key 'timeout'"),
        ("unknown odd key", ConfigFixture.json(extra: #""my key": 1"#), #"$["my key"]"#, "unknown key 'my key'"),
        ("bad whsec prefix", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "env:ACME_MEDPLUM_SECRET", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].secret", "whsec_"),
        ("bad whsec base64", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secrets": ["file:acme-app.secret", "whsec_not*base64"],
              "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].secrets[1]", "base64"),
        ("whsec too short", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhM=",
              "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].secret", "24 to 64 bytes"),
        ("bad subscriber URL", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "app.acme.example/ferry", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].url", "absolute http"),
        ("private subscriber URL refused", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "http://10.0.0.5:9000/hook", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].url", "private-network"),
        ("metadata subscriber URL refused", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "http://169.254.169.254/latest", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].url", "link-local"),
        ("localhost subscriber URL refused", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "http://localhost:9000", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].url", "allowPrivateSubscribers"),
        ("mapped loopback subscriber URL refused", ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "http://[::ffff:127.0.0.1]:9000", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """), "$.subscriptions[0].url", "loopback"),
        ("subscriptions not an array", ConfigFixture.json(subscriptions: "{}"), "$.subscriptions", "must be an array"),
        ("entry not an object", ConfigFixture.json(connections: "[1]"), "$.connections[0]", "must be an object"),
        ("malformed JSON", "{\n  \"listen\": [,]\n}", "$", "not valid JSON (line 2"),
        ("top level not an object", "[1, 2]", "$", "JSON object"),
        ("empty file", "  \n", "$", "empty"),
        ("bad $comment", ConfigFixture.json(extra: #""$comment": 1"#), "$.$comment", "string"),
    ]

    @Test(arguments: fieldErrors)
    func fieldErrorIsReportedAtItsPath(_ what: String, _ json: String, _ path: String, _ words: String) throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let issues = fixture.parse(json).issues
        let errors = issues.filter { !$0.isWarning }
        #expect(!errors.isEmpty, "\(what): expected an error")
        #expect(errors.contains { $0.path == path && $0.problem.contains(words) },
                "\(what): got \(issues.map(\.description))")
    }

    @Test func privateSubscriberIsAllowedWithTheFlag() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = ConfigFixture.json(extra: #""allowPrivateSubscribers": true"#, subscriptions: """
            [{"id": "s", "url": "http://127.0.0.1:9000/hook", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """)
        let (config, warnings) = try fixture.parse(json).get()
        #expect(config.allowPrivateSubscribers)
        #expect(config.subscriptions.first?.url.host == "127.0.0.1")
        #expect(warnings.isEmpty)
    }

    @Test func plainHTTPPublicBaseURLIsAWarningUnlessLocal() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let (_, warnings) = try fixture.parse(ConfigFixture.json(publicBaseURL: #""http://hooks.example.com""#)).get()
        #expect(warnings.map(\.path) == ["$.publicBaseURL"])
        let (_, local) = try fixture.parse(ConfigFixture.json(publicBaseURL: #""http://127.0.0.1:8080""#)).get()
        #expect(local.isEmpty)
    }

    @Test func plainHTTPToAPublicHostIsAWarning() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = ConfigFixture.json(subscriptions: """
            [{"id": "s", "url": "http://app.acme.example", "secret": "file:acme-app.secret", "connections": ["acme-medplum"]}]
            """)
        let (_, warnings) = try fixture.parse(json).get()
        #expect(warnings.map(\.path) == ["$.subscriptions[0].url"])
    }

    @Test func providerCheckIsSkippedWithoutKnownProviders() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "not-a-folder-yet", "secret": "env:ACME_MEDPLUM_SECRET"}]
            """)
        #expect(try fixture.parse(json, knownProviders: nil).get().0.connections.count == 1)
    }

    @Test func everyErrorIsReportedInOnePass() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = ConfigFixture.json(
            listen: #"[{"address": "127.0.0.1", "port": -1}]"#, publicBaseURL: nil, extra: #""lops": 2"#,
            connections: """
                [{"id": "acme-medplum", "provider": "unknown", "secret": "env:MISSING"}]
                """,
            subscriptions: """
                [{"id": "s", "url": "http://192.168.0.2", "secret": "whsec_x", "connections": ["ghost"],
                  "types": ["*", "Bad"], "timeoutMs": 0}]
                """)
        let paths = Set(fixture.parse(json).issues.filter { !$0.isWarning }.map(\.path))
        #expect(paths == [
            "$.listen[0].port", "$.publicBaseURL", "$.lops", "$.connections[0].provider", "$.connections[0].secret",
            "$.subscriptions[0].url", "$.subscriptions[0].secret", "$.subscriptions[0].connections[0]",
            "$.subscriptions[0].types[1]", "$.subscriptions[0].timeoutMs",
        ])
    }

    @Test func literalSecretsLoadWithAWarning() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = ConfigFixture.json(connections: """
            [{"id": "acme-medplum", "provider": "medplum", "secrets": ["env:ACME_MEDPLUM_SECRET", "old-literal"]}]
            """, subscriptions: """
            [{"id": "s", "url": "https://a.example", "secret": "\(ConfigFixture.whsec)", "connections": ["acme-medplum"]}]
            """)
        let (config, warnings) = try fixture.parse(json).get()
        #expect(warnings.map(\.path) == ["$.connections[0].secrets[1]", "$.subscriptions[0].secret"])
        #expect(warnings.allSatisfy { $0.isWarning && $0.problem == "literal secret in config; prefer env: or file:" })
        #expect(config.connections.first?.secrets.count == 2)
        #expect(config.subscriptions.first?.secrets.first?.withUnsafeBytes { Array($0) } == ConfigFixture.keyBytes)
    }

    @Test func warningsAreListedWithErrorsWhenTheLoadFails() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = ConfigFixture.json(publicBaseURL: nil, connections: """
            [{"id": "acme-medplum", "provider": "medplum", "secret": "literal"}]
            """)
        let issues = fixture.parse(json).issues
        #expect(issues.contains { $0.isWarning && $0.path == "$.connections[0].secret" })
        #expect(issues.contains { !$0.isWarning && $0.path == "$.publicBaseURL" })
    }

    @Test func missingFileIsOneIssueAtTheRoot() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: "/nonexistent/ferry.json", environment: [:], knownProviders: nil)
        }
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/ferry.json", environment: [:], knownProviders: nil)
        } catch {
            #expect(error.issues.map(\.path) == ["$"])
            #expect(error.description.contains("/nonexistent/ferry.json"))
        }
    }
}

/// The example shipped in Deploy/ stays valid.
@Suite struct ExampleConfigTests {
    @Test func deployExampleLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent("Deploy/ferry.example.json"), encoding: .utf8)
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let json = example.replacingOccurrences(of: "/run/secrets/acme-app", with: fixture.directory + "/acme-app.secret")
        let (config, warnings) = try fixture.parse(json, knownProviders: ["medplum"]).get()
        #expect(warnings.isEmpty)
        #expect(config.providersPath == "/usr/local/share/ferry/Providers")
        #expect(config.connections.map(\.id) == ["acme-medplum"])
        #expect(config.subscriptions.map(\.id) == ["acme-app"])
    }
}
