internal import FerryDelivery
public import FerryHTTP
public import FerryIO

/// Builds the relay's per-loop handlers: each loop gets its own client pool, forwarder
/// and verifiers over one shared, immutable snapshot (shared-nothing per core).
public enum RelayService {
    /// The handler factory for ``ServiceRunner``. With `addressFilter`, subscriber
    /// connections go only to addresses it allows (SSRF guard, DESIGN.md Outbound).
    public static func handlerFactory(snapshot: RelaySnapshot, shared: RelayShared,
                                      addressFilter: (@Sendable (SocketAddress) -> Bool)?)
        -> @Sendable (EventLoop) -> any HTTPServerHandler {
        { loop in
            var configuration = HTTPClientConfiguration()
            configuration.addressFilter = addressFilter
            let client = HTTPClient(loop: loop, configuration: configuration)
            let forwarder = Forwarder(loop: loop, client: client, disabled: shared.disabled)
            return RelayHandler(snapshot: snapshot, shared: shared, forwarder: forwarder)
        }
    }
}
