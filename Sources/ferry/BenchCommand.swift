#if canImport(Glibc)
import Glibc
#endif
import FerryService

/// `ferry bench …`: targets for the benchmarks in Benchmarks/.
enum BenchCommand {
    static let help = """
        Usage: ferry bench <subcommand> [options]

        Subcommands:
          serve    Answer 204 No Content to every request after reading its body.

        Run 'ferry bench serve --help' for options.

        """

    static let serveHelp = """
        Usage: ferry bench serve [options]

        Serves 204 No Content to every request (any method, body up to 1 MiB), keep-alive.
        Prints 'listening ADDR:PORT' once ready. Stops on SIGTERM or SIGINT.

        Options:
          --listen ADDR:PORT   Address to listen on (default 127.0.0.1:8090; repeatable).
          --loops N            Event loops (threads); default: one per available core.
          --pin                Pin loop i to the i-th allowed CPU.
          --drain-seconds N    Drain bound on shutdown (default 10).
          -h, --help           Show this help.

        """

    static func main(_ argv: [String]) throws {
        switch argv.first {
        case nil, "--help", "-h", "help":
            print(help, terminator: "")
        case "serve":
            var arguments = Arguments(command: "ferry bench serve", Array(argv.dropFirst()))
            if arguments.wantsHelp {
                print(serveHelp, terminator: "")
                return
            }
            let options = try ServeOptions.parse(&arguments, defaultListen: "127.0.0.1:8090")
            try arguments.finish()
            try ServiceRunner(options: options).run(makeHandler: { _ in NoContentService() }) { addresses in
                for address in addresses { print("listening \(address)") }
                flushStandardOutput()
            }
        case let other?:
            throw UsageError(message: "unknown subcommand '\(other)' for 'ferry bench'", command: "ferry bench")
        }
    }
}

/// Flushes stdout so a parent reading a pipe sees the ready line at once.
func flushStandardOutput() {
    fflush(nil)  // nil flushes every output stream, stdout included (fflush(3))
}
