import FerryCrypto
import FerryTestSupport
import Foundation
import Testing

/// The provider side of the tests: signs bodies the way each scheme's sender does.
enum ProviderSigner {
    /// Medplum: `X-Signature` = hex HMAC-SHA256 of the raw body.
    static func medplum(_ body: [UInt8], secret: String) -> String {
        Hex.encode(HMAC.authenticationCode(for: body, key: Array(secret.utf8), hash: .sha256))
    }

    /// Calendly (timestamped, list format): `t=<t>,v1=<hex HMAC-SHA256("<t>.<body>")>`.
    static func calendly(_ body: [UInt8], key: String, timestamp: Int64) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        return "t=\(timestamp),v1=" + Hex.encode(HMAC.authenticationCode(for: signed, key: Array(key.utf8), hash: .sha256))
    }

    /// Standard Webhooks v1: `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, key = the
    /// base64-decoded part of `whsec_…`.
    static func standardWebhooks(_ body: [UInt8], id: String, timestamp: Int64, secret: String) throws -> String {
        let key = try Base64.decode(String(secret.dropFirst("whsec_".count)))
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Base64.encode(HMAC.authenticationCode(for: signed, key: key, hash: .sha256))
    }

    /// A fresh Standard Webhooks secret, `whsec_<base64 of 32 random bytes>`.
    static func newStandardWebhooksSecret() -> String {
        "whsec_" + Base64.encode(SecureRandom.bytes(count: 32))
    }

    /// Now, in unix seconds (the binary runs on the real clock).
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// A fixture from `Providers/<provider>/fixtures/<name>.request.json`.
    static func fixture(_ provider: String, _ name: String) throws -> ProviderFixture {
        try #require(ProviderFixture.load(provider: provider, name: name,
                                          folder: "\(RepositoryPaths.providers)/\(provider)/fixtures"),
                     "fixture \(provider)/\(name) does not load")
    }

    /// A Medplum Patient resource (the fixture's shape), with a chosen version and family name.
    static func medplumPatient(version: String, family: String = "Patient") -> [UInt8] {
        Array(("{\"resourceType\":\"Patient\",\"id\":\"00000000-0000-4000-8000-0000000000a1\","
            + "\"meta\":{\"versionId\":\"\(version)\",\"lastUpdated\":\"2024-05-06T11:43:20.512Z\"},"
            + "\"name\":[{\"given\":[\"Test\"],\"family\":\"\(family)\"}],\"gender\":\"female\","
            + "\"birthDate\":\"1980-01-01\"}").utf8)
    }
}

/// Parses a JSON object (an upstream answer, an event) or fails the test.
func jsonObject(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let parsed = try? JSONSerialization.jsonObject(with: Data(bytes))
    return try #require(parsed as? [String: Any], "not a JSON object: \(String(decoding: bytes, as: UTF8.self))",
                        sourceLocation: sourceLocation)
}

/// The keys of a JSON object, sorted (to check an answer's exact shape).
func keys(_ object: [String: Any]) -> [String] { object.keys.sorted() }
