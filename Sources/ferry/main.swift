// The ferry command-line tool: `ferry <command> [options]`.
#if canImport(Glibc)
import Glibc
#endif

let topLevelHelp = """
    ferry: a zero-retention webhook relay for health and HR software.

    Usage: ferry <command> [options]

    Commands:
      run           Run the relay from a config file.
      demo          Run the relay on an embedded demo config with a demo subscriber.
      config check  Validate a config file and list every problem in it.
      providers     Lint or list provider descriptors.
      bench serve   Serve 204 to every request (the HTTP engine's benchmark target).
      version       Print the version.
      help          Show this help.

    Run 'ferry <command> --help' for a command's options.

    """

func fail(_ message: String, code: Int32) -> Never {
    var text = "ferry: " + message + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(code)
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case nil, "help", "--help", "-h":
        print(topLevelHelp, terminator: "")
    case "version", "--version":
        print("ferry \(FerryVersion.current)")
    case "run":
        try RunCommand.main(Arguments(command: "ferry run", Array(arguments.dropFirst())))
    case "config":
        try ConfigCommand.main(Array(arguments.dropFirst()))
    case "providers":
        try ProvidersCommand.main(Array(arguments.dropFirst()))
    case "demo":
        try DemoCommand.main(Array(arguments.dropFirst()))
    case "bench":
        try BenchCommand.main(Array(arguments.dropFirst()))
    case let other?:
        throw UsageError(message: "unknown command '\(other)'", command: "ferry")
    }
} catch let error as UsageError {
    fail(error.description, code: 64)   // EX_USAGE (sysexits.h)
} catch {
    fail("\(error)", code: 1)
}
