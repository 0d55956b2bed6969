import Foundation
import Testing

/// Verifies an outbound delivery with the reference Python `standardwebhooks` package: an
/// implementation independent of Ferry's, so "any Standard Webhooks library verifies it
/// unchanged" (DESIGN.md, Outbound) is checked, not assumed.
///
/// Missing `python3` or the package FAILS the test (CI installs both in `.ci/run`): a
/// skipped check would look like a passing one.
enum StandardWebhooksReference {
    static let script = """
        import json, sys
        try:
            from standardwebhooks.webhooks import Webhook
        except ImportError as error:
            print("MISSING standardwebhooks: %s" % error, file=sys.stderr)
            sys.exit(3)
        message = json.load(sys.stdin)
        try:
            Webhook(message["secret"]).verify(message["body"], message["headers"])
        except Exception as error:
            print("REJECTED: %s: %s" % (type(error).__name__, error), file=sys.stderr)
            sys.exit(1)
        print("verified")
        """

    /// Records an issue unless the reference library accepts `body` with `headers` under `secret`.
    static func expectVerifies(secret: String, headers: [String: String], body: [UInt8],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let input: [String: Any] = ["secret": secret, "headers": headers,
                                    "body": String(decoding: body, as: UTF8.self)]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            Issue.record("cannot run python3 (\(error)); install python3 and 'pip install standardwebhooks'",
                         sourceLocation: sourceLocation)
            return
        }
        stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
        try stdin.fileHandleForWriting.close()
        let end = ContinuousClock.now.advanced(by: .seconds(10))
        while process.isRunning && ContinuousClock.now < end { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("python3 standardwebhooks check did not finish in 10 s", sourceLocation: sourceLocation)
            return
        }
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        switch process.terminationStatus {
        case 0:
            #expect(output.contains("verified"), sourceLocation: sourceLocation)
        case 3, 127:
            Issue.record("""
                the Python 'standardwebhooks' package (or python3) is missing: \
                run 'python3 -m pip install standardwebhooks' (CI does, in .ci/run). \(errors)
                """, sourceLocation: sourceLocation)
        default:
            Issue.record("the reference standardwebhooks library rejected Ferry's delivery: \(errors)",
                         sourceLocation: sourceLocation)
        }
    }
}
