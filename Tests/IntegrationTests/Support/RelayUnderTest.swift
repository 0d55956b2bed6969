import FerryHTTP
import FerryIO
import FerryTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under the system's temporary directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` in this folder (mode 0600) and returns its absolute path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, 0o600)
        return file
    }
}

/// A relay config file built by a test: connections and subscriptions pointing at fakes,
/// secrets given as `env:NAME` (connections) and `file:PATH` (subscriptions).
struct RelayConfig {
    let directory: TemporaryDirectory
    private(set) var connections: [[String: Any]] = []
    private(set) var subscriptions: [[String: Any]] = []
    /// Variables the relay process needs (the connections' `env:` secrets).
    private(set) var environment: [String: String] = [:]

    init(directory: TemporaryDirectory) {
        self.directory = directory
    }

    /// Adds a connection whose secret the relay reads from the environment variable `FERRY_E2E_<n>`.
    mutating func connection(_ id: String, provider: String, secret: String) {
        let variable = "FERRY_E2E_SECRET_\(connections.count)"
        environment[variable] = secret
        connections.append(["id": id, "provider": provider, "secret": "env:\(variable)"])
    }

    /// Adds a subscription and returns its Standard Webhooks secret (kept in a `file:`).
    @discardableResult
    mutating func subscription(_ id: String, url: String, connections: [String], types: [String]? = nil,
                               required: Bool? = nil, timeoutMs: Int? = nil) throws -> String {
        let secret = ProviderSigner.newStandardWebhooksSecret()
        let file = try directory.write("subscription-\(id).key", secret + "\n")
        var entry: [String: Any] = ["id": id, "url": url, "secret": "file:\(file)", "connections": connections]
        if let types { entry["types"] = types }
        if let required { entry["required"] = required }
        if let timeoutMs { entry["timeoutMs"] = timeoutMs }
        subscriptions.append(entry)
        return secret
    }

    var json: [String: Any] {
        [
            "$comment": "written by Ferry's end-to-end tests",
            "publicBaseURL": "https://hooks.example.com",
            "allowPrivateSubscribers": true,
            "providersPath": RepositoryPaths.providers,
            "listen": [["address": "127.0.0.1", "port": 0]],
            "connections": connections,
            "subscriptions": subscriptions,
        ]
    }

    /// Writes the config to `ferry.json` in the directory; returns its path.
    func write(name: String = "ferry.json") throws -> String {
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        return try directory.write(name, String(decoding: data, as: UTF8.self))
    }
}

/// `ferry run --config FILE --listen 127.0.0.1:0` as a child process, and the provider's
/// side of the wire: plain HTTP/1.1 requests over blocking sockets.
final class RelayUnderTest {
    let process: FerryProcess
    let address: SocketAddress
    let configPath: String
    /// Every answer this test received, for the zero-retention checks.
    private(set) var answers: [RawHTTPResponse] = []

    init(_ config: RelayConfig, loops: Int = 2, extraEnvironment: [String: String] = [:],
         sourceLocation: SourceLocation = #_sourceLocation) throws {
        configPath = try config.write()
        let environment = FerryProcess.environment(adding: config.environment.merging(extraEnvironment) { $1 })
        process = try FerryProcess(["run", "--config", configPath, "--listen", "127.0.0.1:0", "--loops", String(loops)],
                                   environment: environment)
        guard let line = process.waitForLine(startingWith: "listening ", timeout: .seconds(5)) else {
            _ = process.waitForExit(timeout: .seconds(1))
            Issue.record("ferry run printed no 'listening' line; stderr: \(process.errorOutput())",
                         sourceLocation: sourceLocation)
            throw RelayStartFailed()
        }
        address = try SocketAddress(parsing: String(line.dropFirst("listening ".count)))
    }

    deinit {
        if process.process.isRunning {
            process.signal(SIGKILL)
            _ = process.waitForExit(timeout: .seconds(2))
        }
    }

    /// POSTs `body` to `path` with `headers` (Content-Length added) on a new connection.
    func post(_ path: String, headers: [(String, String)], body: [UInt8]) throws -> RawHTTPResponse {
        var head = "POST \(path) HTTP/1.1\r\nHost: ferry.test\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return try exchange(Array(head.utf8) + body)
    }

    /// Sends raw request bytes on a new connection and reads one answer (5 s at most).
    func exchange(_ request: [UInt8]) throws -> RawHTTPResponse {
        let connection = try RawHTTPConnection(connectingTo: address)
        defer { connection.close() }
        try connection.send(request)
        let response = try connection.readResponse(timeout: .seconds(5))
        answers.append(response)
        return response
    }

    /// A Medplum webhook: `body` signed with `secret` (or sent with the given signature).
    func postMedplum(connection: String, body: [UInt8], secret: String, signature: String? = nil,
                     extraHeaders: [(String, String)] = []) throws -> RawHTTPResponse {
        try post("/hooks/medplum/\(connection)",
                 headers: [("Content-Type", "application/fhir+json"),
                           ("X-Signature", signature ?? ProviderSigner.medplum(body, secret: secret))] + extraHeaders,
                 body: body)
    }

    /// SIGTERM, then the exit status (nil when it had to be killed after 5 s).
    func stop() -> Int32? {
        process.signal(SIGTERM)
        return process.waitForExit(timeout: .seconds(5))
    }
}

struct RelayStartFailed: Error {}
