import FerryHTTP
import FerryIO
import FerryTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `ferry` binary end to end: serving, signals, and the command line's exit codes.
@Suite struct IntegrationTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: FerryProcess.binaryPath),
                     "build the binary first (swift build) or set FERRY_BINARY")
    }

    /// Starts `ferry run` with a minimal config (no connections) on an ephemeral port and
    /// returns it with its address. The config's folder lives as long as the returned value.
    func startRun() throws -> (FerryProcess, SocketAddress, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let config = try RelayConfig(directory: directory).write()
        let ferry = try FerryProcess(["run", "--config", config, "--listen", "127.0.0.1:0", "--loops", "2"])
        let line = try #require(ferry.waitForLine(startingWith: "listening "), "no 'listening' line")
        let address = try SocketAddress(parsing: String(line.dropFirst("listening ".count)))
        #expect(address.port != 0)
        return (ferry, address, directory)
    }

    @Test func servesHealthzAndClearErrorsThenExitsCleanlyOnSIGTERM() throws {
        let (ferry, address, directory) = try startRun()
        defer { withExtendedLifetime(directory) {} }
        let connection = try RawHTTPConnection(connectingTo: address)

        try connection.send("GET /healthz HTTP/1.1\r\nHost: ferry\r\n\r\n")
        let health = try connection.readResponse()
        #expect(health.status == 200)
        #expect(health.text == "{\"status\":\"ok\"}")
        #expect(health.headers["Content-Type"] == "application/json")

        try connection.send("POST /healthz HTTP/1.1\r\nHost: ferry\r\nContent-Length: 2\r\n\r\n{}")
        let notAllowed = try connection.readResponse()
        #expect(notAllowed.status == 405)
        #expect(notAllowed.headers["Allow"] == "GET, HEAD")

        try connection.send("GET /nope?secret=1 HTTP/1.1\r\nHost: ferry\r\n\r\n")
        let notFound = try connection.readResponse()
        #expect(notFound.status == 404)
        #expect(notFound.text == "{\"error\":\"not_found\"}")

        // The kept-alive connection is idle: the drain closes it and the process exits 0.
        ferry.signal(SIGTERM)
        #expect(ferry.waitForExit(timeout: .seconds(5)) == 0)
        #expect(connection.isClosedByPeer(within: .seconds(1)))
        #expect(!ferry.errorOutput().contains("secret"), "a query string reached the log")
    }

    @Test func sigintAlsoDrainsAndExitsZero() throws {
        let (ferry, _, directory) = try startRun()
        defer { withExtendedLifetime(directory) {} }
        ferry.signal(SIGINT)
        #expect(ferry.waitForExit(timeout: .seconds(5)) == 0)
    }

    struct UsageCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        /// Words standard error must contain.
        let mentions: [String]
        var testDescription: String { "ferry " + arguments.joined(separator: " ") }
    }

    static let usageErrors: [UsageCase] = [
        UsageCase(arguments: ["run", "--bogus"], mentions: ["--bogus"]),
        UsageCase(arguments: ["run", "--listen", "nonsense"], mentions: ["--listen", "nonsense", "HOST:PORT"]),
        UsageCase(arguments: ["run", "--listen", "127.0.0.1:99999"], mentions: ["--listen", "port"]),
        UsageCase(arguments: ["run", "--loops", "0"], mentions: ["--loops"]),
        UsageCase(arguments: ["run", "--listen"], mentions: ["--listen"]),
        UsageCase(arguments: ["nosuch"], mentions: ["nosuch"]),
        UsageCase(arguments: ["bench", "nosuch"], mentions: ["nosuch"]),
        // The relay needs a config; flags are checked first, so the rows above need none.
        UsageCase(arguments: ["run"], mentions: ["--config"]),
        UsageCase(arguments: ["run", "--listen", "127.0.0.1:0"], mentions: ["--config"]),
    ]

    @Test(arguments: usageErrors)
    func usageErrorsExit64AndNameTheProblem(_ usage: UsageCase) throws {
        let ferry = try FerryProcess(usage.arguments)
        #expect(ferry.waitForExit() == 64)   // EX_USAGE
        let errors = ferry.errorOutput()
        for word in usage.mentions {
            #expect(errors.contains(word), "stderr does not mention \(word): \(errors)")
        }
        #expect(errors.contains("--help"))
    }

    @Test func runWithAMissingConfigFileExits65NamingTheFile() throws {
        let missing = "/nonexistent/ferry-\(UUID().uuidString).json"
        let ferry = try FerryProcess(["run", "--config", missing, "--listen", "127.0.0.1:0"])
        #expect(ferry.waitForExit(timeout: .seconds(5)) == 65)   // EX_DATAERR
        let errors = ferry.errorOutput()
        #expect(errors.contains(missing), "stderr does not name the file: \(errors)")
        #expect(ferry.remainingOutput().isEmpty, "nothing may listen without a config")
    }

    @Test(arguments: [["--help"], ["help"], ["run", "--help"], ["bench", "serve", "--help"], ["bench", "--help"]])
    func helpExitsZeroWithUsage(_ arguments: [String]) throws {
        let ferry = try FerryProcess(arguments)
        #expect(ferry.waitForExit() == 0)
        #expect(ferry.remainingOutput().contains("Usage: ferry"))
    }
}
