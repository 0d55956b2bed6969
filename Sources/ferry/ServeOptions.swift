import FerryIO
import FerryService

/// Options shared by commands that serve without a config file (`bench serve`, `demo`).
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
