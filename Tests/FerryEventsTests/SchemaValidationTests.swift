import FerryTestSupport
import Foundation
import Testing

/// The fixtures against an independent implementation: `Providers/_tools/make_fixture.py check`
/// re-verifies every fixture's signature in Python, recomputes every expected envelope from the
/// rules in Providers/README.md, and validates every mapped `data` against its JSON Schema in
/// `Providers/_unified/` (Python `jsonschema`, draft 2020-12). The Swift normalizer's output
/// equals each expected envelope (FixtureReplayTests), so it validates too.
@Suite struct SchemaValidationTests {
    @Test func everyFixtureAgreesWithThePythonRulesAndItsSchema() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryPaths.providers + "/_tools/make_fixture.py", "check"]
        process.currentDirectoryURL = URL(fileURLWithPath: RepositoryPaths.root)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // CI installs jsonschema and cryptography (.ci/run); a missing tool is a failure, not a skip.
        #expect(process.terminationStatus == 0, "make_fixture.py check failed:\n\(text)")
        #expect(text.contains(" 0 failures"), "\(text)")
        #expect(text.contains("data valid against"), "no schema validation ran:\n\(text)")
    }
}
