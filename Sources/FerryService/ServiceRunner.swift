public import FerryHTTP
public import FerryIO
internal import Dispatch

/// Runs an HTTP service until SIGTERM or SIGINT, then drains it and returns.
///
/// The lifecycle of DESIGN.md: signals are blocked before any thread starts and read from
/// a signalfd on loop 0; on the first signal the server stops accepting, finishes
/// in-flight requests within the drain bound, and the loops stop.
public struct ServiceRunner: Sendable {
    /// What to serve and how.
    public struct Options: Sendable {
        public var listen: [SocketAddress]
        public var loopCount: Int
        public var pinThreads: Bool
        public var drainTimeout: Duration

        public init(listen: [SocketAddress], loopCount: Int = EventLoopGroup.availableCores,
                    pinThreads: Bool = false, drainTimeout: Duration = .seconds(10)) {
            self.listen = listen
            self.loopCount = loopCount
            self.pinThreads = pinThreads
            self.drainTimeout = drainTimeout
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Serves until a termination signal, then drains. `onReady` gets the bound addresses.
    /// Throws when the service cannot start (address in use, no permission, …).
    public func run(makeHandler: @escaping @Sendable (EventLoop) -> any HTTPServerHandler,
                    onReady: @Sendable ([SocketAddress]) -> Void) throws(SystemError) {
        SignalWatcher.prepareProcess()
        SignalWatcher.disableCoreDumps()
        let group = try EventLoopGroup(loopCount: options.loopCount, pinThreads: options.pinThreads)
        var configuration = HTTPServerConfiguration(listen: options.listen)
        configuration.drainTimeout = options.drainTimeout
        let server = HTTPServer(configuration: configuration, group: group, makeHandler: makeHandler)
        let addresses = try server.start()

        let firstLoop = group.loops[0]
        let watcherBox = WatcherBox()
        try firstLoop.executeAndWait {
            Result { () throws(SystemError) in
                watcherBox.watcher = try SignalWatcher(loop: firstLoop) { signal in
                    watcherBox.signalled(signal, server: server, group: group)
                }
            }
        }.get()

        group.start()
        onReady(addresses)
        Log.info("ferry listening", metadata: ["addresses": addresses.map(\.description).joined(separator: ","),
                                               "loops": "\(group.loops.count)"])
        group.waitUntilStopped()
        Log.info("ferry stopped")
    }
}

/// Holds the signal watcher on loop 0 and starts the drain on the first signal.
private final class WatcherBox: @unchecked Sendable {
    // Touched only on loop 0 (creation happens before the loop runs, via executeAndWait).
    var watcher: SignalWatcher?
    private var draining = false

    func signalled(_ signal: Int32, server: HTTPServer, group: EventLoopGroup) {
        guard !draining else {
            // A second signal while draining: the operator wants out now.
            Log.warning("second signal; stopping without waiting", metadata: ["signal": "\(signal)"])
            group.stop()
            return
        }
        draining = true
        Log.info("draining", metadata: ["signal": "\(signal)"])
        server.drain {
            group.stop()
        }
    }
}
