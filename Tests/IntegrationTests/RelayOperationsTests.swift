import FerryHTTP
import FerryIO
import FerryTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Zero retention as seen from outside, `ferry config check`, and `ferry demo` (what
/// `make run` starts) working the first time.
@Suite struct RelayOperationsTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: FerryProcess.binaryPath),
                     "build the binary first (swift build) or set FERRY_BINARY")
    }

    @Test func payloadBytesNeverReachLogsOrAnswers() throws {
        let canary = "CANARY-\(UUID().uuidString)"
        let secret = "medplum-canary-secret"
        let subscriber = try FakeSubscriber { index in index == 0 ? .status(503) : .noContent }
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: secret)
        try config.subscription("app", url: subscriber.url, connections: ["clinic"])
        // Debug level: the most the relay ever logs.
        let relay = try RelayUnderTest(config, extraEnvironment: ["FERRY_LOG_LEVEL": "debug"])

        let body = ProviderSigner.medplumPatient(version: "v-\(canary)", family: canary)
        let canaryHeader = [("X-Medplum-Subscription", canary)]
        let failed = try relay.postMedplum(connection: "clinic", body: body, secret: secret, extraHeaders: canaryHeader)
        #expect(failed.status == 502, "\(failed.text)")
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "X")
        let rejected = try relay.postMedplum(connection: "clinic", body: tampered, secret: "",
                                             signature: ProviderSigner.medplum(body, secret: secret),
                                             extraHeaders: canaryHeader)
        #expect(rejected.status == 401)
        let wrongType = try relay.post("/hooks/medplum/clinic",
                                       headers: [("Content-Type", "text/\(canary.lowercased())"),
                                                 ("X-Signature", ProviderSigner.medplum(body, secret: secret))],
                                       body: body)
        #expect(wrongType.status == 415)
        // In the path and the query: a request line is request data too.
        let unknown = try relay.post("/hooks/medplum/\(canary)?patient=\(canary)",
                                     headers: [("Content-Type", "application/fhir+json"), ("X-Signature", "00")],
                                     body: body)
        #expect(unknown.status == 404)
        let queried = try relay.post("/hooks/medplum/clinic?patient=\(canary)",
                                     headers: [("Content-Type", "application/fhir+json"), ("X-Signature", "00")],
                                     body: body)
        #expect(queried.status == 401)
        // Signed, but not JSON: the normalizer's error must not quote it.
        let notJSON = Array("not json \(canary)".utf8)
        let malformed = try relay.postMedplum(connection: "clinic", body: notJSON, secret: secret)
        #expect(malformed.status == 400, "\(malformed.text)")
        let delivered = try relay.postMedplum(connection: "clinic", body: body, secret: secret,
                                              extraHeaders: canaryHeader)
        #expect(delivered.status == 200, "\(delivered.text)")
        // The subscriber is meant to get the mapped name: the canary did travel the whole path.
        #expect(subscriber.requests.count == 2)
        #expect(subscriber.requests.last?.text.contains(canary) == true)

        #expect(relay.stop() == 0)
        let stdout = relay.process.allOutput()
        let stderr = relay.process.errorOutput()
        #expect(stderr.contains("\"relayed\""), "the relay logged nothing at all; the check would prove nothing")
        for (name, text) in [("stdout", stdout), ("stderr", stderr)] {
            #expect(!text.contains(canary), "the payload reached the relay's \(name): \(text)")
            #expect(!text.contains(secret), "a secret reached the relay's \(name)")
        }
        for answer in relay.answers {
            #expect(!answer.text.contains(canary), "an upstream answer carries the payload: \(answer.text)")
            for (_, value) in answer.headers { #expect(!value.contains(canary)) }
        }
    }

    @Test func configCheckAcceptsTheTestConfigAndListsEveryProblem() throws {
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: "check-secret")
        try config.subscription("app", url: subscriber.url, connections: ["clinic"])
        let path = try config.write()
        let good = try FerryProcess(["config", "check", path],
                                    environment: FerryProcess.environment(adding: config.environment))
        #expect(good.waitForExit(timeout: .seconds(5)) == 0, "\(good.errorOutput())")
        #expect(good.remainingOutput().hasPrefix("ok: 1 connections, 1 subscriptions"))

        // Two independent mistakes: both are reported, by JSON path, in one run.
        var broken = config.json
        var connection = try #require((broken["connections"] as? [[String: Any]])?.first)
        connection["provider"] = "no-such-provider"
        var subscription = try #require((broken["subscriptions"] as? [[String: Any]])?.first)
        subscription["timeoutMs"] = -5
        broken["connections"] = [connection]
        broken["subscriptions"] = [subscription]
        let data = try JSONSerialization.data(withJSONObject: broken, options: [.sortedKeys])
        let brokenPath = try config.directory.write("broken.json", String(decoding: data, as: UTF8.self))
        let bad = try FerryProcess(["config", "check", brokenPath],
                                   environment: FerryProcess.environment(adding: config.environment))
        #expect(bad.waitForExit(timeout: .seconds(5)) == 65)
        let errors = bad.errorOutput()
        #expect(errors.contains("$.connections[0].provider"), "\(errors)")
        #expect(errors.contains("$.subscriptions[0].timeoutMs"), "\(errors)")
        #expect(!errors.contains("check-secret"), "a secret was printed")
        #expect(bad.remainingOutput().isEmpty)

        // `ferry run` refuses the same file before listening, naming it.
        let run = try FerryProcess(["run", "--config", brokenPath, "--listen", "127.0.0.1:0"],
                                   environment: FerryProcess.environment(adding: config.environment))
        #expect(run.waitForExit(timeout: .seconds(5)) == 65)
        #expect(run.errorOutput().contains(brokenPath))
    }

    @Test func demoBannerRequestIsDeliveredAndVerified() throws {
        let demo = try FerryProcess(["demo", "--listen", "127.0.0.1:0", "--loops", "1",
                                     "--providers", RepositoryPaths.providers])
        defer { if demo.process.isRunning { demo.signal(SIGKILL) } }
        let lines = try #require(demo.readLines(until: { $0.hasPrefix("Stop with Ctrl-C") }, timeout: .seconds(5)),
                                 "no demo banner; stderr: \(demo.process.isRunning ? "" : demo.errorOutput())")
        let command = try DemoCurl(lines: lines)
        #expect(command.url.hasPrefix("http://127.0.0.1:"))
        #expect(!command.url.hasPrefix("http://127.0.0.1:0/"), "the banner shows the unbound port")

        let answer = try command.send()
        #expect(answer.status == 200, "\(answer.text)")
        let body = try jsonObject(answer.body)
        #expect(body["delivered"] as? Int == 1)
        let id = try #require(body["id"] as? String)

        let printed = try #require(demo.waitForLine(startingWith: "demo subscriber:", timeout: .seconds(5)),
                                   "the demo subscriber printed nothing")
        #expect(printed.contains("signature verified"), "\(printed)")
        #expect(printed.contains(id), "\(printed)")
        #expect(printed.contains("ehr.patient.updated"), "\(printed)")

        demo.signal(SIGINT)
        #expect(demo.waitForExit(timeout: .seconds(5)) == 0)
    }
}

/// The curl command `ferry demo` prints, taken apart: URL, headers and the single-quoted body.
struct DemoCurl {
    var url: String
    var headers: [(String, String)] = []
    var body: String

    init(lines: [String]) throws {
        let text = lines.joined(separator: "\n")
        guard let start = text.range(of: "curl ") else { throw DemoBannerUnreadable(banner: text) }
        let words = try Self.shellWords(String(text[start.lowerBound...]))
        var url: String?
        var body: String?
        var index = 0
        while index < words.count {
            switch words[index] {
            case "-H":
                let header = words[index + 1]
                guard let colon = header.firstIndex(of: ":") else { throw DemoBannerUnreadable(banner: text) }
                headers.append((String(header[..<colon]),
                                String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                index += 2
            case "--data-binary":
                body = words[index + 1]
                index += 2
            case "-X":
                index += 2
            case let word where word.hasPrefix("http"):
                url = word
                index += 1
            default:
                index += 1
            }
            if body != nil { break }
        }
        guard let url, let body else { throw DemoBannerUnreadable(banner: text) }
        self.url = url
        self.body = body
    }

    /// Sends the request as curl would.
    func send() throws -> RawHTTPResponse {
        let parsed = try HTTPURL(url)
        let connection = try RawHTTPConnection(connectingTo: try SocketAddress(host: parsed.host, port: parsed.port))
        defer { connection.close() }
        var head = "POST \(parsed.target) HTTP/1.1\r\nHost: \(parsed.hostField)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array(body.utf8)
        head += "Content-Length: \(bytes.count)\r\n\r\n"
        try connection.send(Array(head.utf8) + bytes)
        return try connection.readResponse(timeout: .seconds(5))
    }

    /// Splits POSIX shell words: single quotes, `\`-newline continuations, blanks.
    static func shellWords(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "'":
                inWord = true
                while let quoted = iterator.next(), quoted != "'" { current.append(quoted) }
            case "\\":
                if let next = iterator.next(), next != "\n" {
                    current.append(next)
                    inWord = true
                }
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

struct DemoBannerUnreadable: Error, CustomStringConvertible {
    let banner: String
    var description: String { "cannot read the curl command in the demo banner:\n\(banner)" }
}
