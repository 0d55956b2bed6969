#if canImport(Glibc)
import Glibc
#endif
import FerryIO
import FerryService
import Foundation

/// `ferry run`: the relay.
enum RunCommand {
    static let help = """
        Usage: ferry run --config FILE [options]

        Runs the relay described by FILE (see 'ferry config check --help' and README.md,
        Configuration) until SIGTERM or SIGINT, then drains in-flight requests and exits 0.
        Providers post to POST /hooks/{provider}/{connection}; GET /healthz answers 200.

        Options:
          --config FILE        The relay's config file (or set FERRY_CONFIG).
          --listen ADDR:PORT   Override the config's listen addresses (repeatable).
                               IPv6 as [::1]:8080. Port 0 picks a free port.
          --loops N            Event loops (threads); default: the config's, else one per core.
          --pin                Pin loop i to the i-th allowed CPU.
          --drain-seconds N    How long to wait for in-flight requests on shutdown (default 10).
          -h, --help           Show this help.

        For a ready-made local setup with a demo subscriber, run 'ferry demo'.

        """

    static func main(_ arguments: Arguments) throws {
        var arguments = arguments
        if arguments.wantsHelp {
            print(help, terminator: "")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let configOption = try arguments.value("--config")
        let listenOverride = try arguments.values("--listen")
        let loopsOverride = try arguments.integer("--loops", in: 1...256)
        let drain = try arguments.integer("--drain-seconds", in: 0...3600) ?? 10
        let pin = arguments.flag("--pin")
        try arguments.finish()
        let overrides = try listenOverride.map { text throws(UsageError) in
            do {
                return try SocketAddress(parsing: text)
            } catch {
                throw UsageError(message: "--listen '\(text)': \(error)", command: "ferry run")
            }
        }
        guard let configPath = configOption ?? environment["FERRY_CONFIG"] else {
            throw UsageError(message: "'ferry run' needs --config FILE (or FERRY_CONFIG); try 'ferry demo' for a ready-made setup",
                             command: "ferry run")
        }

        let launch: RelayLaunch
        do {
            launch = try RelayLaunch.prepare(configPath: configPath, environment: environment)
        } catch {
            fail("cannot start: \(configPath)\n\(error)", code: 65)   // EX_DATAERR
        }
        for warning in launch.warnings {
            Log.warning("config warning", metadata: ["path": warning.path, "problem": warning.problem])
        }
        var listen = launch.configuration.listen
        if !listenOverride.isEmpty { listen = overrides }
        let options = ServiceRunner.Options(listen: listen,
                                            loopCount: loopsOverride ?? launch.configuration.loops ?? EventLoopGroup.availableCores,
                                            pinThreads: pin, drainTimeout: .seconds(drain))
        try ServiceRunner(options: options).run(makeHandler: launch.handlerFactory) { addresses in
            for address in addresses { print("listening \(address)") }
            flushStandardOutput()
        }
    }
}
