import FerryHTTP
import FerryIO
import FerryTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The relay under conditions a happy path never meets: subscribers that drop the
/// connection or are not there, late answers after a timeout, the same event twice at
/// once, a shutdown mid-delivery, and providers that send `Expect: 100-continue` or keep
/// their connection alive.
@Suite struct RelayResilienceTests {
    static let secret = "medplum-resilience-secret"

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: FerryProcess.binaryPath),
                     "build the binary first (swift build) or set FERRY_BINARY")
    }

    func relay(to url: String, timeoutMs: Int? = nil) throws -> RelayUnderTest {
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: Self.secret)
        try config.subscription("app", url: url, connections: ["clinic"], timeoutMs: timeoutMs)
        return try RelayUnderTest(config)
    }

    /// The raw bytes of a signed Medplum webhook for version `version`.
    func request(version: String, extraHeaders: String = "") -> [UInt8] {
        let body = ProviderSigner.medplumPatient(version: version)
        let head = "POST /hooks/medplum/clinic HTTP/1.1\r\nHost: ferry.test\r\nContent-Type: application/fhir+json\r\n"
            + "X-Signature: \(ProviderSigner.medplum(body, secret: Self.secret))\r\n\(extraHeaders)"
            + "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    @Test func subscriberThatDropsTheConnectionOrIsNotThereIs502() throws {
        let dropping = try RawTCPServer { connection, _ in
            _ = try? connection.readRequest(timeout: .seconds(2))
            connection.close()   // no answer at all
        }
        defer { dropping.stop() }
        let relay = try relay(to: "http://\(dropping.address)/events")
        let answer = try relay.exchange(request(version: "v-drop"))
        #expect(answer.status == 502, "\(answer.text)")
        let failure = try #require((try jsonObject(answer.body)["failures"] as? [[String: Any]])?.first)
        #expect(failure["subscription"] as? String == "app")
        #expect(failure["status"] is NSNull, "\(answer.text)")
        #expect((failure["reason"] as? String)?.isEmpty == false)

        // A port nobody listens on: refused.
        let closedPort = try RawTCPServer { _, _ in }
        let address = closedPort.address
        closedPort.stop()
        let refusedRelay = try self.relay(to: "http://\(address)/events")
        let refused = try refusedRelay.exchange(request(version: "v-refused"))
        #expect(refused.status == 502, "\(refused.text)")
        let refusal = try #require((try jsonObject(refused.body)["failures"] as? [[String: Any]])?.first)
        #expect(refusal["status"] is NSNull)
    }

    @Test func aLateAnswerAfterATimeoutIsNotTakenForTheNextDelivery() throws {
        // The first request is answered 500 after the relay gave up; the rest at once, 204.
        let subscriber = try FakeSubscriber { index in
            index == 0 ? FakeSubscriber.Reply(status: 500, delay: .milliseconds(700)) : .noContent
        }
        let relay = try relay(to: subscriber.url, timeoutMs: 200)
        let timedOut = try relay.exchange(request(version: "v-late-1"))
        #expect(timedOut.status == 504, "\(timedOut.text)")

        let next = try relay.exchange(request(version: "v-late-2"))
        #expect(next.status == 200, "\(next.text)")
        // After the late 500 was written to whatever connection carried the first request.
        usleep(800_000)
        let after = try relay.exchange(request(version: "v-late-3"))
        #expect(after.status == 200, "\(after.text)")
        #expect(subscriber.requests.count == 3)
    }

    @Test func theSameEventTwiceAtOnceIsDeliveredOnce() throws {
        let subscriber = try FakeSubscriber { _ in FakeSubscriber.Reply(status: 204, delay: .milliseconds(400)) }
        let relay = try relay(to: subscriber.url)
        let first = try RawHTTPConnection(connectingTo: relay.address)
        try first.send(request(version: "v-twice"))
        #expect(waitUntil(timeout: .seconds(2)) { subscriber.requests.count == 1 })

        let second = try relay.exchange(request(version: "v-twice"))
        #expect(second.status == 503, "\(second.text)")
        #expect(second.headers["Retry-After"] == "1")
        #expect(second.text == "{\"error\":\"unavailable\",\"reason\":\"in_flight\"}")

        let answer = try first.readResponse(timeout: .seconds(3))
        #expect(answer.status == 200, "\(answer.text)")
        #expect(subscriber.requests.count == 1)
    }

    @Test func sigtermWaitsForADeliveryInFlight() throws {
        let subscriber = try FakeSubscriber { _ in FakeSubscriber.Reply(status: 204, delay: .milliseconds(500)) }
        let relay = try relay(to: subscriber.url)
        let provider = try RawHTTPConnection(connectingTo: relay.address)
        try provider.send(request(version: "v-drain"))
        #expect(waitUntil(timeout: .seconds(2)) { subscriber.requests.count == 1 })

        relay.process.signal(SIGTERM)
        let answer = try provider.readResponse(timeout: .seconds(3))
        #expect(answer.status == 200, "the provider lost its answer to a shutdown: \(answer.status) \(answer.text)")
        #expect(relay.process.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func providerConnectionsStayAliveAndExpectContinueIsHonoured() throws {
        let subscriber = try FakeSubscriber()
        let relay = try relay(to: subscriber.url)
        let provider = try RawHTTPConnection(connectingTo: relay.address)

        // curl sends `Expect: 100-continue` for bodies over 1 KiB and waits for the 100.
        let body = ProviderSigner.medplumPatient(version: "v-expect")
        let head = "POST /hooks/medplum/clinic HTTP/1.1\r\nHost: ferry.test\r\nContent-Type: application/fhir+json\r\n"
            + "X-Signature: \(ProviderSigner.medplum(body, secret: Self.secret))\r\nExpect: 100-continue\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        try provider.send(head)
        let interim = try provider.readResponse(timeout: .seconds(2))
        #expect(interim.status == 100)
        try provider.send(body)
        let answer = try provider.readResponse(timeout: .seconds(3))
        #expect(answer.status == 200, "\(answer.text)")

        // The same connection carries the next webhooks.
        for version in ["v-keep-1", "v-keep-2"] {
            try provider.send(request(version: version))
            let next = try provider.readResponse(timeout: .seconds(3))
            #expect(next.status == 200, "\(next.text)")
        }
        // A chunked body: the signature covers the de-chunked bytes.
        let chunkedBody = ProviderSigner.medplumPatient(version: "v-chunked")
        let half = chunkedBody.count / 2
        let chunkedHead = "POST /hooks/medplum/clinic HTTP/1.1\r\nHost: ferry.test\r\n"
            + "Content-Type: application/fhir+json\r\nTransfer-Encoding: chunked\r\n"
            + "X-Signature: \(ProviderSigner.medplum(chunkedBody, secret: Self.secret))\r\n\r\n"
        let chunks = Array(String(half, radix: 16).utf8) + [0x0D, 0x0A] + Array(chunkedBody[..<half]) + [0x0D, 0x0A]
            + Array(String(chunkedBody.count - half, radix: 16).utf8) + [0x0D, 0x0A] + Array(chunkedBody[half...])
            + Array("\r\n0\r\n\r\n".utf8)
        try provider.send(Array(chunkedHead.utf8) + chunks)
        let chunked = try provider.readResponse(timeout: .seconds(3))
        #expect(chunked.status == 200, "\(chunked.text)")
        #expect(subscriber.requests.count == 4)
        #expect(!provider.isClosedByPeer(within: .milliseconds(50)))
    }
}
