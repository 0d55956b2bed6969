import FerryCrypto
import FerryService
import Foundation
import Testing

/// Secret references: env / file / literal resolution, and that no secret value ever shows.
@Suite struct SecretConfigTests {
    static func bytes(_ secret: Secret) -> [UInt8] { secret.withUnsafeBytes { Array($0) } }

    @Test func environmentReference() throws {
        let resolver = SecretResolver(environment: ["TOKEN": "s3cr3t", "BLANK": ""], baseDirectory: "/")
        #expect(Self.bytes(try resolver.resolve(.environment(name: "TOKEN"))) == Array("s3cr3t".utf8))
        #expect(throws: SecretResolutionError(problem: "environment variable MISSING is not set")) {
            try resolver.resolve(.environment(name: "MISSING"))
        }
        #expect(throws: SecretResolutionError(problem: "environment variable BLANK is empty")) {
            try resolver.resolve(.environment(name: "BLANK"))
        }
    }

    /// (file content, the secret read from it): exactly one trailing LF or CRLF is dropped.
    static let newlineCases: [(String, String)] = [
        ("abc", "abc"), ("abc\n", "abc"), ("abc\r\n", "abc"), ("abc\n\n", "abc\n"),
        ("abc\r\n\r\n", "abc\r\n"), ("abc\r", "abc\r"), ("a\nb\n", "a\nb"), (" abc \n", " abc "),
    ]

    @Test(arguments: newlineCases)
    func fileReferenceStripsOneTrailingNewline(_ content: String, _ expected: String) throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        try fixture.write("s", content)
        let resolver = SecretResolver(environment: [:], baseDirectory: fixture.directory)
        #expect(Self.bytes(try resolver.resolve(.file(path: "s"))) == Array(expected.utf8))
        #expect(Self.bytes(try resolver.resolve(.file(path: fixture.directory + "/s"))) == Array(expected.utf8))
    }

    @Test func unreadableOrEmptyFilesNameThePath() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        try fixture.write("empty", "\n")
        let resolver = SecretResolver(environment: [:], baseDirectory: fixture.directory)
        do {
            _ = try resolver.resolve(.file(path: "empty"))
            Issue.record("an empty file must fail")
        } catch {
            #expect(error.problem == "secret file '\(fixture.directory)/empty' is empty")
        }
        do {
            _ = try resolver.resolve(.file(path: "absent"))
            Issue.record("a missing file must fail")
        } catch {
            #expect(error.problem.hasPrefix("cannot read secret file '\(fixture.directory)/absent'"))
        }
    }

    @Test func referenceParsing() throws {
        #expect(try SecretReference(parsing: "env:ACME_1").description == "env:ACME_1")
        #expect(try SecretReference(parsing: "file:/run/secrets/x").description == "file:/run/secrets/x")
        let literal = try SecretReference(parsing: "hunter2")
        #expect(literal.isLiteral)
        #expect(!literal.description.contains("hunter2"))
        #expect(throws: SecretReferenceError.invalidVariableName) { try SecretReference(parsing: "env:") }
        #expect(throws: SecretReferenceError.invalidVariableName) { try SecretReference(parsing: "env:1ABC") }
        #expect(throws: SecretReferenceError.invalidVariableName) { try SecretReference(parsing: "env:A-B") }
        #expect(throws: SecretReferenceError.missingPath) { try SecretReference(parsing: "file:") }
        #expect(throws: SecretReferenceError.empty) { try SecretReference(parsing: "") }
    }

    @Test(arguments: [
        ("whsec_" + Base64.encode([UInt8](repeating: 7, count: 24)), 24),
        ("whsec_" + Base64.encode([UInt8](repeating: 7, count: 64)), 64),
    ])
    func standardWebhooksKeyBounds(_ text: String, _ count: Int) throws {
        #expect(try SecretResolver.decodeStandardWebhooksKey(Array(text.utf8)).count == count)
    }

    @Test(arguments: [
        "whsec_" + Base64.encode([UInt8](repeating: 7, count: 23)),
        "whsec_" + Base64.encode([UInt8](repeating: 7, count: 65)),
        "whsec_", "whsec_AAAA AAAA", "whsec_" + Base64URL.encode([UInt8](repeating: 0xFB, count: 32)),
        Base64.encode([UInt8](repeating: 7, count: 32)), "WHSEC_" + Base64.encode([UInt8](repeating: 7, count: 32)),
    ])
    func standardWebhooksKeyRejects(_ text: String) {
        #expect(throws: SecretResolutionError.self) { try SecretResolver.decodeStandardWebhooksKey(Array(text.utf8)) }
    }

    /// The canary: distinctive values in every secret position, then every text the loader
    /// produces (issues, descriptions, dumps) is searched for them.
    @Test func secretsNeverAppearInIssuesOrDescriptions() throws {
        var fixture = try ConfigFixture()
        defer { fixture.remove() }
        let canaryKey = Array("CANARY-key-bytes-0123456789abcd".utf8)  // 31 bytes
        let canaryWhsec = "whsec_" + Base64.encode(canaryKey)
        fixture.environment["CANARY_ENV"] = "CANARY-env-value"
        fixture.environment["CANARY_WHSEC"] = canaryWhsec
        try fixture.write("canary-file", "CANARY-file-value\n")
        let good = ConfigFixture.json(connections: """
            [{"id": "c1", "provider": "medplum", "secrets": ["env:CANARY_ENV", "file:canary-file", "CANARY-literal-value"]}]
            """, subscriptions: """
            [{"id": "s1", "url": "https://app.acme.example/ferry?token=CANARY-url-token", "secrets": ["env:CANARY_WHSEC", "\(canaryWhsec)"],
              "connections": ["c1"]}]
            """)
        let (config, warnings) = try fixture.parse(good).get()
        let canaries = ["CANARY", Base64.encode(canaryKey)]
        var texts = [String(describing: config), String(reflecting: config), "\(config.connections)",
                     "\(config.subscriptions)"] + warnings.map(\.description)
        var dumped = ""
        dump(config, to: &dumped)
        texts.append(dumped)

        // Failing secrets: wrong formats with the canary in them must not be echoed either.
        let bad = ConfigFixture.json(publicBaseURL: #""https://hooks.example.com/?CANARY-query""#, connections: """
            [{"id": "c1", "provider": "medplum", "secrets": ["env:CANARY_ENV", 7]}]
            """, subscriptions: """
            [{"id": "s1", "url": "https://app.acme.example/CANARY-path", "secrets": ["env:CANARY_ENV", "whsec_CANARY*bad",
              "whsec_Q0FOQVJZ", "CANARY-literal-not-whsec"], "connections": ["c1"]}]
            """)
        let failure = fixture.parse(bad)
        #expect(failure.issues.count >= 4)
        texts += failure.issues.map(\.description)
        if case .failure(let error) = failure { texts.append(error.description) }
        // Malformed JSON around a secret: the parser's message must not be passed through.
        let malformed = fixture.parse(#"{"connections": [{"secret": "CANARY-in-broken-json" x}]}"#)
        texts += malformed.issues.map(\.description)

        for text in texts {
            for canary in canaries {
                #expect(!text.contains(canary), "leaked into: \(text)")
            }
        }
    }
}

/// Which event types a subscription's `types` patterns let through.
@Suite struct TypePatternConfigTests {
    static let matching: [(String, String, Bool)] = [
        ("*", "ehr.patient.created", true), ("*", "hris.provider_event", true),
        ("ehr.patient.*", "ehr.patient.created", true), ("ehr.patient.*", "ehr.patient.deleted", true),
        ("ehr.patient.*", "ehr.patients.created", false), ("ehr.patient.*", "ehr.patient", false),
        ("ehr.patient.*", "ehr.appointment.created", false), ("ehr.*", "ehr.lab_result.created", true),
        ("ehr.*", "hris.employee.created", false), ("ehr.patient.created", "ehr.patient.created", true),
        ("ehr.patient.created", "ehr.patient.updated", false), ("ehr.patient.created", "ehr.patient.created.x", false),
        ("hris.time_off.*", "hris.time_off.requested", true), ("ehr.patient.*", "ehr.patient.", false),
    ]

    @Test(arguments: matching)
    func matches(_ pattern: String, _ type: String, _ expected: Bool) throws {
        #expect(try TypePattern(pattern).matches(type) == expected)
    }

    @Test(arguments: ["", "**", "ehr.*.created", "ehr..patient", ".ehr", "ehr.", "Ehr.patient", "ehr.patient*",
                      "ehr-patient", "ehr.patient.*.*", "*.patient", "ehr patient", ".*", "é.x"])
    func rejects(_ text: String) {
        #expect(throws: TypePatternError.self) { try TypePattern(text) }
    }

    @Test func describesItself() throws {
        #expect(try TypePattern("*") == .everything)
        #expect(try TypePattern("ehr.patient.*").description == "ehr.patient.*")
        #expect(try TypePattern("ehr.patient.created").description == "ehr.patient.created")
    }
}
