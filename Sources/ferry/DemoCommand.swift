#if canImport(Glibc)
import Glibc
#endif
import FerryDelivery
import FerryHTTP
import FerryIO
import FerryService
import Foundation
import Synchronization

/// `ferry demo`: the relay on an embedded config, a demo subscriber, and a request to paste.
enum DemoCommand {
    static let help = """
        Usage: ferry demo [options]

        Starts the relay with an embedded demo config: one Medplum connection ("demo") whose
        events go to a built-in demo subscriber on loopback. The subscriber verifies every
        delivery's Standard Webhooks signature and prints its type and id. A ready-to-paste
        curl command sends a correctly signed Medplum webhook (fresh secrets every run).

        Options:
          --listen ADDR:PORT   The relay's address (default 127.0.0.1:8080).
          --loops N            Event loops (default: one per core).
          --providers DIR      Provider descriptors (default: FERRY_PROVIDERS, ./Providers,
                               or the checkout the binary was built in).
          -h, --help           Show this help.

        """

    static func main(_ argv: [String]) throws {
        var arguments = Arguments(command: "ferry demo", argv)
        if arguments.wantsHelp {
            print(help, terminator: "")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let providersOption = try arguments.value("--providers")
        let options = try ServeOptions.parse(&arguments, defaultListen: "127.0.0.1:8080")
        try arguments.finish()
        guard let providers = providersOption ?? ProvidersLocator.locate(environment: environment) else {
            fail("cannot find the Providers/ folder; pass --providers DIR", code: 66)
        }
        let setup: DemoSetup
        do {
            setup = try DemoSetup(providersPath: providers)
        } catch {
            fail("\(error)", code: 66)
        }
        guard let standardWebhooks = setup.catalog["standard-webhooks"] else {
            fail("the standard-webhooks descriptor is missing under \(providers)", code: 66)
        }
        let subscriberKey = setup.subscriberKey
        let subscriberURL = Mutex<HTTPURL?>(nil)
        let subscriber = ServiceRunner.Service(
            listen: [try SocketAddress(host: "127.0.0.1", port: 0)],
            makeHandler: { _ in
                DemoSubscriber(standardWebhooks: standardWebhooks, key: subscriberKey) { received in
                    let mark = received.verified ? "signature verified" : "SIGNATURE INVALID"
                    print("demo subscriber: \(received.type) \(received.webhookID) \(received.subject ?? "") (\(mark))")
                    flushStandardOutput()
                }
            },
            onBound: { addresses in
                subscriberURL.withLock { $0 = try? HTTPURL("http://\(addresses[0])/events") }
            })
        // The events' `source` names the relay's address, so port 0 is resolved to a real
        // port first (the handlers are built before the relay's listener binds).
        let relayListen = try options.listen.map { address in
            address.port == 0 ? try freePort(on: address) : address
        }
        let relay = ServiceRunner.Service(listen: relayListen, makeHandler: { loop in
            // Built after the subscriber is bound (ServiceRunner builds services in order);
            // every loop shares one snapshot and one ledger.
            let (snapshot, shared) = DemoRelayState.instance {
                guard let url = subscriberURL.withLock({ $0 }),
                      let snapshot = try? setup.snapshot(subscriberURL: url, publicBaseURL: "http://\(relayListen[0])") else {
                    fail("the demo subscriber did not start", code: 70)
                }
                return (snapshot, RelayShared(ledger: DeliveryLedger(window: snapshot.replayWindow)))
            }
            // The demo subscriber is on loopback, so the private-address guard is off here only.
            return RelayService.handlerFactory(snapshot: snapshot, shared: shared, addressFilter: nil)(loop)
        })
        do {
            try ServiceRunner(options: options).run(services: [subscriber, relay]) { bound in
                let relayAddress = bound[1][0]
                let subscriberAddress = bound[0][0]
                print(banner(relay: relayAddress, subscriber: subscriberAddress, setup: setup))
                flushStandardOutput()
            }
        } catch {
            if error.errno == EADDRINUSE {
                fail("\(options.listen[0]) is already in use; pass --listen 127.0.0.1:PORT", code: 69)
            }
            throw error
        }
    }

    /// A port the kernel says is free on `address`'s host now (a demo may race for it; a
    /// production relay takes its port from the config).
    static func freePort(on address: SocketAddress) throws -> SocketAddress {
        let probe = try Socket.listen(on: address, reusePort: false)
        defer { Syscall.close(probe) }
        return try Syscall.getsockname(probe)
    }

    static func banner(relay: SocketAddress, subscriber: SocketAddress, setup: DemoSetup) -> String {
        let url = "http://\(relay)/hooks/\(DemoSetup.providerID)/\(DemoSetup.connectionID)"
        let body = String(decoding: setup.sampleBody, as: UTF8.self)
        return """

            Ferry demo is running.
              relay:            \(url)
              demo subscriber:  http://\(subscriber)/events (verifies Standard Webhooks signatures)

            Send a signed Medplum webhook (a made-up patient) from another terminal:

            curl -sS -X POST '\(url)' \\
              -H 'Content-Type: \(setup.sampleContentType)' \\
              -H 'X-Signature: \(setup.sampleSignature)' \\
              --data-binary \(shellQuoted(body))

            The relay answers {"id":…,"delivered":1,…}; the demo subscriber prints the event here.
            Stop with Ctrl-C.

            """
    }

    /// Single-quoted for POSIX shells: `'` becomes `'\\''`.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The demo relay's snapshot and shared state, made once however many loops ask for them.
enum DemoRelayState {
    private static let state = Mutex<(RelaySnapshot, RelayShared)?>(nil)

    static func instance(make: () -> (RelaySnapshot, RelayShared)) -> (RelaySnapshot, RelayShared) {
        state.withLock { existing in
            if let existing { return existing }
            let made = make()
            existing = made
            return made
        }
    }
}
