public import FerryHTTP
internal import FerryDelivery
public import FerryIO
public import FerryProviders

/// Everything `ferry run` needs, loaded and checked before a socket opens.
public struct RelayLaunch: Sendable {
    public let configuration: RelayConfiguration
    public let warnings: [ConfigIssue]
    public let snapshot: RelaySnapshot
    public let shared: RelayShared

    /// Why a launch could not be prepared: config problems (by JSON path) or descriptor
    /// problems (by file and path). Never contains secret values.
    public enum Failure: Error, CustomStringConvertible {
        case configuration(ConfigError)
        case providers(DescriptorError)

        public var description: String {
            switch self {
            case .configuration(let error): error.description
            case .providers(let error): error.description
            }
        }
    }

    /// Loads the config at `path`, the providers it points at, and builds the snapshot.
    public static func prepare(configPath: String, environment: [String: String]) throws(Failure) -> RelayLaunch {
        let configuration: RelayConfiguration
        let warnings: [ConfigIssue]
        do {
            (configuration, warnings) = try ConfigLoader.load(path: configPath, environment: environment, providers: .discover)
        } catch {
            throw .configuration(error)
        }
        let catalog: ProviderCatalog
        do {
            catalog = try ProviderCatalog.load(directory: configuration.providersPath)
        } catch {
            throw .providers(error)
        }
        let snapshot: RelaySnapshot
        do {
            snapshot = try RelaySnapshot(configuration: configuration, catalog: catalog)
        } catch {
            throw .configuration(error)
        }
        let shared = RelayShared(ledger: DeliveryLedger(window: snapshot.replayWindow))
        return RelayLaunch(configuration: configuration, warnings: warnings, snapshot: snapshot, shared: shared)
    }

    /// The per-loop handler factory, with the SSRF filter unless private subscribers are allowed.
    public var handlerFactory: @Sendable (EventLoop) -> any HTTPServerHandler {
        RelayService.handlerFactory(snapshot: snapshot, shared: shared,
                                    addressFilter: configuration.allowPrivateSubscribers ? nil : SubscriberAddressPolicy.isPublic)
    }
}
