import FerryIO
import FerryService

/// `ferry run`: the relay.
enum RunCommand {
    static let help = """
        Usage: ferry run [options]

        Runs Ferry until SIGTERM or SIGINT, then drains in-flight requests and exits 0.
        Until the relay lands it serves GET /healthz only.

        Options:
          --listen ADDR:PORT   Address to listen on (repeatable; default 127.0.0.1:8080).
                               IPv6 as [::1]:8080. Port 0 picks a free port.
          --loops N            Event loops (threads); default: one per available core.
          --pin                Pin loop i to the i-th allowed CPU.
          --drain-seconds N    How long to wait for in-flight requests on shutdown (default 10).
          -h, --help           Show this help.

        """

    static func main(_ arguments: Arguments) throws {
        var arguments = arguments
        if arguments.wantsHelp {
            print(help, terminator: "")
            return
        }
        let options = try ServeOptions.parse(&arguments, defaultListen: "127.0.0.1:8080")
        try arguments.finish()
        try ServiceRunner(options: options).run(makeHandler: { _ in HealthService() }) { addresses in
            for address in addresses { print("listening \(address)") }
            print("try: curl -s http://\(addresses[0])/healthz")
            flushStandardOutput()
        }
    }
}

/// Options shared by every command that serves.
enum ServeOptions {
    static func parse(_ arguments: inout Arguments, defaultListen: String) throws(UsageError) -> ServiceRunner.Options {
        var listenTexts = try arguments.values("--listen")
        if listenTexts.isEmpty { listenTexts = [defaultListen] }
        var addresses: [SocketAddress] = []
        for text in listenTexts {
            do {
                addresses.append(try SocketAddress(parsing: text))
            } catch {
                throw UsageError(message: "--listen '\(text)': \(error)", command: arguments.command)
            }
        }
        let loops = try arguments.integer("--loops", in: 1...256) ?? EventLoopGroup.availableCores
        let drain = try arguments.integer("--drain-seconds", in: 0...3600) ?? 10
        let pin = arguments.flag("--pin")
        return ServiceRunner.Options(listen: addresses, loopCount: loops, pinThreads: pin,
                                     drainTimeout: .seconds(drain))
    }
}
