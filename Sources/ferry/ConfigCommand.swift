#if canImport(Glibc)
import Glibc
#endif
import FerryService
import Foundation

/// `ferry config …`: work with the relay's config file.
enum ConfigCommand {
    static let help = """
        Usage: ferry config <subcommand>

        Subcommands:
          check FILE   Validate a config file and list every problem in it.

        Run 'ferry config check --help' for details.

        """

    static let checkHelp = """
        Usage: ferry config check FILE

        Loads FILE as 'ferry run' will and reports every problem at once, by JSON path.
        env: and file: secrets are resolved from this process's environment and files
        (relative paths start at FILE's directory); providers are the folders under the
        config's providersPath that hold provider.json. No secret value is ever printed.

        Output: 'ok: N connections, M subscriptions' on stdout, warnings on stderr as
        'warning: PATH: PROBLEM'; or every problem on stderr as 'error: PATH: PROBLEM'.

        Exit status: 0 valid, 65 problems found (EX_DATAERR), 66 FILE missing or
        unreadable (EX_NOINPUT), 64 usage error.

        Options:
          -h, --help   Show this help.

        """

    static func main(_ argv: [String]) throws(UsageError) {
        switch argv.first {
        case nil, "--help", "-h", "help":
            print(help, terminator: "")
        case "check":
            try check(Array(argv.dropFirst()))
        case let other?:
            throw UsageError(message: "unknown subcommand '\(other)' for 'ferry config'", command: "ferry config")
        }
    }

    private static func check(_ items: [String]) throws(UsageError) {
        let command = "ferry config check"
        if Arguments(command: command, items).wantsHelp {
            print(checkHelp, terminator: "")
            return
        }
        // Options first (there are none besides --help), so '-x' reads as an unknown option.
        try Arguments(command: command, items.filter { $0.hasPrefix("-") && $0 != "-" }).finish()
        let files = items.filter { !$0.hasPrefix("-") || $0 == "-" }
        guard let path = files.first else {
            throw UsageError(message: "missing the config FILE to check", command: command)
        }
        guard files.count == 1 else {
            throw UsageError(message: "unexpected argument '\(files[1])' for '\(command)'", command: command)
        }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            fail("cannot read config file '\(path)': no such file", code: 66)  // EX_NOINPUT (sysexits.h)
        }
        guard !isDirectory.boolValue else {
            fail("cannot read config file '\(path)': it is a directory", code: 66)
        }
        guard access(path, R_OK) == 0 else {
            fail("cannot read config file '\(path)': \(String(cString: strerror(errno)))", code: 66)
        }

        do {
            let (configuration, warnings) = try ConfigLoader.load(
                path: path, environment: ProcessInfo.processInfo.environment, providers: .discover)
            for warning in warnings { writeStandardError(warning.description) }
            print("ok: \(configuration.connections.count) connections, \(configuration.subscriptions.count) subscriptions")
        } catch {
            // Errors and warnings together, in the order found: ConfigIssue.description
            // reads 'error: PATH: PROBLEM' or 'warning: PATH: PROBLEM'.
            for issue in error.issues { writeStandardError(issue.description) }
            exit(65)  // EX_DATAERR (sysexits.h)
        }
    }

    private static func writeStandardError(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
