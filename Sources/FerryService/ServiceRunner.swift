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

    /// One HTTP service inside the process: where it listens and what answers.
    public struct Service: Sendable {
        public var listen: [SocketAddress]
        public var makeHandler: @Sendable (EventLoop) -> any HTTPServerHandler
        /// Told the bound addresses before the next service is built, so a later service
        /// can point at an earlier one (the demo relay at its demo subscriber).
        public var onBound: @Sendable ([SocketAddress]) -> Void

        public init(listen: [SocketAddress], makeHandler: @escaping @Sendable (EventLoop) -> any HTTPServerHandler,
                    onBound: @escaping @Sendable ([SocketAddress]) -> Void = { _ in }) {
            self.listen = listen
            self.makeHandler = makeHandler
            self.onBound = onBound
        }
    }

    /// Serves until a termination signal, then drains. `onReady` gets the bound addresses.
    /// Throws when the service cannot start (address in use, no permission, …).
    public func run(makeHandler: @escaping @Sendable (EventLoop) -> any HTTPServerHandler,
                    onReady: @Sendable ([SocketAddress]) -> Void) throws(SystemError) {
        try run(services: [Service(listen: options.listen, makeHandler: makeHandler)]) { onReady($0[0]) }
    }

    /// Serves several services on one set of loops (e.g. the relay and the demo subscriber);
    /// `onReady` gets each service's bound addresses, in order.
    public func run(services: [Service], onReady: @Sendable ([[SocketAddress]]) -> Void) throws(SystemError) {
        SignalWatcher.prepareProcess()
        SignalWatcher.disableCoreDumps()
        let group = try EventLoopGroup(loopCount: options.loopCount, pinThreads: options.pinThreads)
        var servers: [HTTPServer] = []
        var bound: [[SocketAddress]] = []
        for service in services {
            var configuration = HTTPServerConfiguration(listen: service.listen)
            configuration.drainTimeout = options.drainTimeout
            let server = HTTPServer(configuration: configuration, group: group, makeHandler: service.makeHandler)
            let addresses = try server.start()
            service.onBound(addresses)
            bound.append(addresses)
            servers.append(server)
        }

        let firstLoop = group.loops[0]
        let watcherBox = WatcherBox()
        let allServers = servers
        try firstLoop.executeAndWait {
            Result { () throws(SystemError) in
                watcherBox.watcher = try SignalWatcher(loop: firstLoop) { signal in
                    watcherBox.signalled(signal, servers: allServers, group: group)
                }
            }
        }.get()

        group.start()
        onReady(bound)
        Log.info("ferry listening", metadata: ["addresses": bound.joined().map(\.description).joined(separator: ","),
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

    func signalled(_ signal: Int32, servers: [HTTPServer], group: EventLoopGroup) {
        guard !draining else {
            // A second signal while draining: the operator wants out now.
            Log.warning("second signal; stopping without waiting", metadata: ["signal": "\(signal)"])
            group.stop()
            return
        }
        draining = true
        Log.info("draining", metadata: ["signal": "\(signal)"])
        let remaining = Countdown(servers.count)
        for server in servers {
            server.drain {
                if remaining.decrement() == 0 { group.stop() }
            }
        }
    }
}

