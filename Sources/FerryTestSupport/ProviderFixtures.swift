public import FerryHTTP
internal import Foundation

/// One captured-shape request from `Providers/<id>/fixtures/` with its expected unified event.
public struct ProviderFixture: Sendable, CustomStringConvertible {
    public let provider: String
    public let name: String
    public let headers: HTTPHeaders
    /// The exact raw body, as the provider would send it.
    public let body: [UInt8]
    /// The test secret that signed it (a made-up one, or a provider's published vector).
    public let secret: String
    /// The clock to verify at (unix seconds), when the scheme is timestamped.
    public let timestamp: Int64?
    public let connection: String
    /// The expected CloudEvents envelope, as JSON text.
    public let expectedJSON: [UInt8]

    public var description: String { "\(provider)/\(name)" }
}

/// Finds the repository's folders and fixtures for tests.
public enum RepositoryPaths {
    /// The package root, found from this source file's location.
    public static var root: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // FerryTestSupport → Sources → root
        return url.path
    }

    /// `Providers/` at the package root.
    public static var providers: String { root + "/Providers" }

    /// The built `ferry` binary: `FERRY_BINARY` if set, else `.build/debug/ferry`.
    public static var ferryBinary: String {
        ProcessInfo.processInfo.environment["FERRY_BINARY"] ?? root + "/.build/debug/ferry"
    }
}

extension ProviderFixture {
    /// Every fixture of every provider under `directory`, sorted by provider and name.
    public static func all(in directory: String = RepositoryPaths.providers) -> [ProviderFixture] {
        let fileManager = FileManager.default
        let providers = ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix("_") }.sorted()
        var fixtures: [ProviderFixture] = []
        for provider in providers {
            let folder = "\(directory)/\(provider)/fixtures"
            let names = ((try? fileManager.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".request.json") }
                .map { String($0.dropLast(".request.json".count)) }
                .sorted()
            for name in names {
                if let fixture = load(provider: provider, name: name, folder: folder) { fixtures.append(fixture) }
            }
        }
        return fixtures
    }

    /// Loads one fixture pair; nil when either file is missing or malformed (tests then see a smaller set
    /// and the count check in the fixture tests fails).
    public static func load(provider: String, name: String, folder: String) -> ProviderFixture? {
        guard let requestData = FileManager.default.contents(atPath: "\(folder)/\(name).request.json"),
              let expected = FileManager.default.contents(atPath: "\(folder)/\(name).expected.json"),
              let request = try? JSONSerialization.jsonObject(with: requestData) as? [String: Any],
              let body = request["body"] as? String,
              let secret = request["secret"] as? String,
              let connection = request["connection"] as? String,
              let headerObject = request["headers"] as? [String: String] else { return nil }
        var headers = HTTPHeaders()
        for key in headerObject.keys.sorted() { headers.add(name: key, value: headerObject[key] ?? "") }
        let timestamp = (request["timestamp"] as? NSNumber).map { $0.int64Value }
        return ProviderFixture(provider: provider, name: name, headers: headers, body: Array(body.utf8), secret: secret,
                               timestamp: timestamp, connection: connection, expectedJSON: Array(expected))
    }

    /// Number of `*.request.json` files under `directory` (to check that every one loaded).
    public static func requestFileCount(in directory: String = RepositoryPaths.providers) -> Int {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var count = 0
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".request.json") && path.contains("/fixtures/") { count += 1 }
        }
        return count
    }
}
