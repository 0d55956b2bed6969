public import FerryCrypto
internal import FerryDelivery
public import FerryHTTP
public import FerryProviders
internal import Foundation

/// The embedded demo: one Medplum connection, one subscription to the built-in demo
/// subscriber, fresh random secrets each run, and a ready-to-send signed request.
public struct DemoSetup: Sendable {
    public static let connectionID = "demo"
    public static let providerID = "medplum"
    public static let fixtureName = "patient-updated"

    public let catalog: ProviderCatalog
    /// The Medplum connection's secret (hex text of 32 random bytes).
    public let connectionSecret: Secret
    /// The subscription's Standard Webhooks key, `whsec_<base64>` text.
    public let subscriberKey: Secret
    /// The sample webhook: body and content type from the Medplum fixture.
    public let sampleBody: [UInt8]
    public let sampleContentType: String

    /// Loads the providers and the sample from `providersPath`. Throws a message naming what is missing.
    public init(providersPath: String) throws(DemoError) {
        do {
            catalog = try ProviderCatalog.load(directory: providersPath)
        } catch {
            throw DemoError(message: "the provider descriptors under \(providersPath) do not load:\n\(error)")
        }
        guard catalog[Self.providerID] != nil, catalog["standard-webhooks"] != nil else {
            throw DemoError(message: "\(providersPath) lacks the medplum or standard-webhooks descriptor")
        }
        let fixture = "\(providersPath)/\(Self.providerID)/fixtures/\(Self.fixtureName).request.json"
        guard let data = FileManager.default.contents(atPath: fixture),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let body = object["body"] as? String else {
            throw DemoError(message: "the demo's sample request \(fixture) is missing or malformed")
        }
        sampleBody = Array(body.utf8)
        sampleContentType = ((object["headers"] as? [String: String])?["Content-Type"]) ?? "application/fhir+json"
        connectionSecret = Secret(utf8: Hex.encode(SecureRandom.bytes(count: 32)))
        var key = SecureRandom.bytes(count: 32)
        subscriberKey = Secret(utf8: "whsec_" + Base64.encode(key))
        secureWipe(&key)
    }

    /// The relay's snapshot: the demo connection, delivering every event type to `subscriberURL`.
    public func snapshot(subscriberURL: HTTPURL, publicBaseURL: String) throws(DemoError) -> RelaySnapshot {
        guard let provider = catalog[Self.providerID] else { throw DemoError(message: "no medplum descriptor") }
        let keyBytes = subscriberKey.withUnsafeBytes { raw -> [UInt8]? in
            try? Base64.decode(UnsafeRawBufferPointer(rebasing: raw[6...]))
        }
        guard var keyBytes else { throw DemoError(message: "the demo key does not decode") }
        let signingKey = Secret(wiping: &keyBytes)
        let subscription = Subscription(id: "demo-subscriber", url: subscriberURL, signingKeys: [signingKey],
                                        connections: [Self.connectionID], wants: { _ in true })
        return RelaySnapshot(catalog: catalog,
                             connections: [RelaySnapshot.Connection(id: Self.connectionID, provider: provider,
                                                                    secrets: [connectionSecret])],
                             subscriptions: [subscription], publicBaseURL: publicBaseURL)
    }

    /// The `X-Signature` Medplum would send for the sample body: hex HMAC-SHA256 of the raw body.
    public var sampleSignature: String {
        // HMACKey takes the Secret itself, so no unwiped copy of the key is made.
        let mac = (try? HMACKey(key: connectionSecret, hash: .sha256))?.authenticationCode(for: sampleBody) ?? []
        return Hex.encode(mac)
    }
}

/// Why the demo could not start; the message names what is missing.
public struct DemoError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
