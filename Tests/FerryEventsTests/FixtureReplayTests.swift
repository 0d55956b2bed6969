import FerryCrypto
import FerryEvents
import FerryHTTP
import FerryProviders
import FerryTestSupport
import Foundation
import Testing

/// Replays every fixture under Providers/ through the real verifier and normalizer and
/// compares the envelope with the fixture's expected output (Providers/README.md, fixtures).
@Suite struct FixtureReplayTests {
    static let catalog: ProviderCatalog? = try? ProviderCatalog.load(directory: RepositoryPaths.providers)
    static let fixtures = ProviderFixture.all()

    @Test func everyDescriptorLoadsAndEveryFixtureParses() throws {
        let catalog = try ProviderCatalog.load(directory: RepositoryPaths.providers)
        #expect(Set(catalog.providers.keys).isSuperset(of: ["medplum", "standard-webhooks", "calendly"]))
        #expect(Self.fixtures.count == ProviderFixture.requestFileCount())
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func fixtureVerifiesAndNormalizesToItsExpectedEvent(_ fixture: ProviderFixture) throws {
        let catalog = try #require(Self.catalog)
        let provider = try #require(catalog[fixture.provider])
        let verifier = ConnectionVerifier(provider: provider, connectionID: fixture.connection,
                                          secrets: [Secret(utf8: fixture.secret)])
        let now = fixture.timestamp ?? 1_700_000_000
        let delivery = try verifier.verify(headers: fixture.headers, body: fixture.body, now: now).get()
        let normalizer = Normalizer(catalog: catalog, publicBaseURL: "https://hooks.example.com")
        let event = try normalizer.normalize(delivery, receivedAt: now)

        var actual = try #require(try JSONSerialization.jsonObject(with: Data(event.json)) as? [String: Any])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(fixture.expectedJSON)) as? [String: Any])
        if expected["time"] == nil {
            // Receipt time is not deterministic; the fixture leaves it out (Providers/README.md).
            #expect(actual["time"] is String)
            actual["time"] = nil
        }
        #expect(NSDictionary(dictionary: actual).isEqual(to: expected),
                "\(fixture): got \(String(decoding: event.json, as: UTF8.self))")
        #expect(event.id == expected["id"] as? String)
        #expect(event.type == expected["type"] as? String)
    }

    @Test(arguments: fixtures)
    func tamperedBodyFailsVerification(_ fixture: ProviderFixture) throws {
        let provider = try #require(Self.catalog?[fixture.provider])
        let verifier = ConnectionVerifier(provider: provider, connectionID: fixture.connection,
                                          secrets: [Secret(utf8: fixture.secret)])
        var body = fixture.body
        body.append(0x20)   // one trailing space: semantically the same JSON, different bytes
        let result = verifier.verify(headers: fixture.headers, body: body, now: fixture.timestamp ?? 1_700_000_000)
        #expect(throws: VerificationFailure.self) { try result.get() }
    }

    @Test(arguments: fixtures)
    func wrongSecretFailsVerification(_ fixture: ProviderFixture) throws {
        let provider = try #require(Self.catalog?[fixture.provider])
        let wrong = fixture.secret.hasPrefix("whsec_") ? "whsec_" + Base64.encode(Array(repeating: 7, count: 24))
            : fixture.secret.hasPrefix("whpk_") ? "whpk_" + Base64.encode(Ed25519PrivateKey.generate().publicKey.rawRepresentation)
            : fixture.secret + "x"
        let verifier = ConnectionVerifier(provider: provider, connectionID: fixture.connection, secrets: [Secret(utf8: wrong)])
        let result = verifier.verify(headers: fixture.headers, body: fixture.body, now: fixture.timestamp ?? 1_700_000_000)
        #expect(throws: VerificationFailure.mismatch) { try result.get() }
    }

    @Test func sameProviderEventGetsTheSameIDEveryTime() {
        let first = Normalizer.eventID(provider: "medplum", connection: "c1", providerEventID: "v1")
        #expect(first == Normalizer.eventID(provider: "medplum", connection: "c1", providerEventID: "v1"))
        #expect(first != Normalizer.eventID(provider: "medplum", connection: "c2", providerEventID: "v1"))
        #expect(first.hasPrefix("evt_") && first.count == 36)
    }
}
