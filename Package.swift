// swift-tools-version:6.0
// Ferry: a zero-retention webhook relay. Layers and their arrows follow ../shared/DESIGN.md:
// each target imports only the targets below it.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Release builds drop the run-time exclusivity checks (about a tenth of the HTTP path's
    // instructions, measured with callgrind on `ferry bench serve`). Debug builds, which the
    // whole test suite runs, keep them, so an overlapping access still fails a test; the
    // compile-time checks stay on everywhere.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
    ],
    targets: [
        // C bindings: the only places that touch C.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CNGHTTP2", pkgConfig: "libnghttp2",
                       providers: [.apt(["libnghttp2-dev"])]),
        .target(name: "CFerryShims"),

        // crypto: OpenSSL libcrypto behind Swift types; no I/O.
        .target(name: "FerryCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        // I/O: epoll event loops, sockets, timers; no HTTP.
        .target(name: "FerryIO", dependencies: ["CFerryShims"], swiftSettings: strict),
        // HTTP: the pure HTTP/1.1 codec, the server and the client pool; no webhooks.
        .target(name: "FerryHTTP", dependencies: ["FerryIO"], swiftSettings: strict),
        // JSON read in place (token index + JSON Pointer) and written straight to bytes; pure.
        .target(name: "FerryJSON", swiftSettings: strict),
        // providers: descriptors as data, signature schemes, handshakes; never forwards.
        .target(name: "FerryProviders",
                dependencies: ["FerryJSON", "FerryCrypto", "FerryHTTP"], swiftSettings: strict),
        // events: the unified schema and the normalizer (CloudEvents 1.0); no I/O.
        .target(name: "FerryEvents",
                dependencies: ["FerryJSON", "FerryProviders", "FerryCrypto", "FerryHTTP"], swiftSettings: strict),
        // delivery: subscriptions, outbound signing, fan-out, deadlines, the upstream answer.
        .target(name: "FerryDelivery",
                dependencies: ["FerryEvents", "FerryProviders", "FerryJSON", "FerryHTTP", "FerryIO", "FerryCrypto"],
                swiftSettings: strict),
        // service: composition root (config, routes, lifecycle, signals).
        .target(name: "FerryService",
                dependencies: ["FerryDelivery", "FerryEvents", "FerryProviders", "FerryJSON",
                               "FerryHTTP", "FerryIO", "FerryCrypto"], swiftSettings: strict),
        .executableTarget(name: "ferry",
                          dependencies: ["FerryService", "FerryDelivery", "FerryProviders", "FerryHTTP", "FerryIO",
                                         "FerryCrypto"], swiftSettings: strict),

        // Fakes shared by tests (subscriber, signer, clock).
        .target(name: "FerryTestSupport",
                dependencies: ["FerryHTTP", "FerryIO", "FerryCrypto", "FerryJSON"], swiftSettings: strict),

        .testTarget(name: "FerryCryptoTests", dependencies: ["FerryCrypto"], swiftSettings: strict),
        .testTarget(name: "FerryJSONTests", dependencies: ["FerryJSON"], swiftSettings: strict),
        .testTarget(name: "FerryProvidersTests",
                    dependencies: ["FerryProviders", "FerryJSON", "FerryCrypto", "FerryHTTP", "FerryTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "FerryEventsTests",
                    dependencies: ["FerryEvents", "FerryProviders", "FerryJSON", "FerryCrypto", "FerryHTTP",
                                   "FerryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FerryDeliveryTests",
                    dependencies: ["FerryDelivery", "FerryEvents", "FerryProviders", "FerryJSON", "FerryHTTP",
                                   "FerryIO", "FerryCrypto", "FerryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FerryIOTests", dependencies: ["FerryIO"], swiftSettings: strict),
        .testTarget(name: "FerryHTTPTests",
                    dependencies: ["FerryHTTP", "FerryIO", "FerryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FerryServiceTests",
                    dependencies: ["FerryService", "FerryDelivery", "FerryProviders", "FerryHTTP", "FerryIO",
                                   "FerryCrypto", "FerryTestSupport"], swiftSettings: strict),
        .testTarget(name: "IntegrationTests",
                    dependencies: ["FerryHTTP", "FerryIO", "FerryCrypto", "FerryJSON", "FerryTestSupport"],
                    swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
