import FerryHTTP
import FerryIO
import FerryTestSupport
import Foundation
import Testing

/// The relay end to end: the real `ferry run` binary, a provider (this test, sending exact
/// fixture bytes signed per scheme) and fake subscribers, all on loopback. Each test asserts
/// the upstream answer (status, headers, JSON shape) and what the subscriber received
/// (DESIGN.md, "The upstream answer" and "Outbound").
@Suite struct RelayEndToEndTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: FerryProcess.binaryPath),
                     "build the binary first (swift build) or set FERRY_BINARY")
    }

    // MARK: The happy path

    @Test func validMedplumWebhookIsDeliveredAsASignedCloudEvent() throws {
        let fixture = try ProviderSigner.fixture("medplum", "patient-created")
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection(fixture.connection, provider: "medplum", secret: fixture.secret)
        let key = try config.subscription("app", url: subscriber.url, connections: [fixture.connection],
                                          types: ["ehr.patient.*"])
        let relay = try RelayUnderTest(config)

        // The fixture's exact bytes and headers, as Medplum sends them.
        let headers = fixture.headers.map { ($0.name, $0.value) }
        let answer = try relay.post("/hooks/medplum/\(fixture.connection)", headers: headers, body: fixture.body)

        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.headers["Content-Type"] == "application/json")
        let body = try jsonObject(answer.body)
        #expect(keys(body) == ["delivered", "id", "skipped"])
        let id = try #require(body["id"] as? String)
        #expect(id.hasPrefix("evt_"))
        #expect(body["delivered"] as? Int == 1)
        #expect(body["skipped"] as? Int == 0)

        let requests = subscriber.requests
        try #require(requests.count == 1, "the subscriber received \(requests.count) requests")
        let delivery = requests[0]
        #expect(delivery.method == "POST")
        #expect(delivery.target == "/ferry/events")
        #expect(delivery.headers["Content-Type"]?.hasPrefix("application/cloudevents+json") == true)
        #expect(delivery.headers["webhook-id"] == id)
        let timestamp = try #require(delivery.headers["webhook-timestamp"].flatMap { Int64($0) })
        #expect(abs(timestamp - ProviderSigner.now) < 60, "webhook-timestamp is not the current time")
        let signature = try #require(delivery.headers["webhook-signature"])
        #expect(signature.hasPrefix("v1,"))

        // The event is exactly the fixture's expected envelope (same connection id and base
        // URL), plus a traceparent that changes per request.
        var event = try jsonObject(delivery.body)
        let traceparent = try #require(event.removeValue(forKey: "traceparent") as? String)
        #expect(traceparent.split(separator: "-").map(\.count) == [2, 32, 16, 2], "\(traceparent)")
        let expected = try jsonObject(fixture.expectedJSON)
        #expect(NSDictionary(dictionary: event).isEqual(to: expected),
                "event \(delivery.text) differs from \(String(decoding: fixture.expectedJSON, as: UTF8.self))")
        #expect(event["specversion"] as? String == "1.0")
        #expect(event["id"] as? String == id)
        #expect(event["type"] as? String == "ehr.patient.updated")
        #expect(event["source"] as? String == "https://hooks.example.com/hooks/medplum/\(fixture.connection)")
        let data = try #require(event["data"] as? [String: Any])
        #expect(data["birthDate"] as? String == "1980-01-01")
        #expect(data["telecom"] == nil && data["identifier"] == nil, "unmapped fields went out")

        // An independent implementation accepts the signature.
        try StandardWebhooksReference.expectVerifies(
            secret: key,
            headers: ["webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature],
            body: delivery.body)
        #expect(relay.stop() == 0)
    }

    // MARK: Signatures

    @Test func badSignaturesAre401AndNothingIsDelivered() throws {
        let fixture = try ProviderSigner.fixture("medplum", "patient-created")
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: fixture.secret)
        try config.subscription("app", url: subscriber.url, connections: ["clinic"])
        let relay = try RelayUnderTest(config)
        let signature = try #require(fixture.headers["X-Signature"])

        var tampered = fixture.body
        let at = try #require(tampered.firstIndex(of: UInt8(ascii: "1")))
        tampered[at] = UInt8(ascii: "2")   // one digit of the patient id changes
        let attempts: [(String, RawHTTPResponse)] = [
            ("tampered body", try relay.postMedplum(connection: "clinic", body: tampered, secret: "",
                                                    signature: signature)),
            ("wrong secret", try relay.postMedplum(connection: "clinic", body: fixture.body,
                                                   secret: "not-the-connection-secret")),
            ("missing signature", try relay.post("/hooks/medplum/clinic",
                                                 headers: [("Content-Type", "application/fhir+json")],
                                                 body: fixture.body)),
            ("empty signature", try relay.postMedplum(connection: "clinic", body: fixture.body, secret: "",
                                                      signature: "")),
        ]
        for (what, answer) in attempts {
            #expect(answer.status == 401, "\(what): \(answer.status) \(answer.text)")
            #expect(answer.text == "{\"error\":\"invalid_signature\"}", "\(what)")
        }
        #expect(subscriber.requests.isEmpty, "a request with a bad signature was delivered")

        // The control: the same body correctly signed goes through.
        let good = try relay.postMedplum(connection: "clinic", body: fixture.body, secret: fixture.secret)
        #expect(good.status == 200, "\(good.text)")
        #expect(subscriber.requests.count == 1)
    }

    @Test func standardWebhooksSenderFreshIsDeliveredStaleIs401() throws {
        let fixture = try ProviderSigner.fixture("standard-webhooks", "employee-created")
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("hris", provider: "standard-webhooks", secret: fixture.secret)
        try config.subscription("people-app", url: subscriber.url, connections: ["hris"], types: ["hris.employee.*"])
        let relay = try RelayUnderTest(config)

        func send(id: String, timestamp: Int64) throws -> RawHTTPResponse {
            let signature = try ProviderSigner.standardWebhooks(fixture.body, id: id, timestamp: timestamp,
                                                                secret: fixture.secret)
            return try relay.post("/hooks/standard-webhooks/hris",
                                  headers: [("Content-Type", "application/json"), ("webhook-id", id),
                                            ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature)],
                                  body: fixture.body)
        }

        let stale = try send(id: "msg_e2e_stale", timestamp: ProviderSigner.now - 600)
        #expect(stale.status == 401, "\(stale.text)")
        #expect(stale.text == "{\"error\":\"invalid_signature\"}")
        // The fixture's own (2024) signature is stale too.
        let replayedFixture = try relay.post("/hooks/standard-webhooks/hris",
                                             headers: fixture.headers.map { ($0.name, $0.value) }, body: fixture.body)
        #expect(replayedFixture.status == 401)
        #expect(subscriber.requests.isEmpty, "a stale request was delivered")

        let fresh = try send(id: "msg_e2e_fresh", timestamp: ProviderSigner.now)
        #expect(fresh.status == 200, "\(fresh.text)")
        let requests = subscriber.requests
        try #require(requests.count == 1)
        let event = try jsonObject(requests[0].body)
        #expect(event["type"] as? String == "hris.employee.created")
        #expect((event["data"] as? [String: Any])?["id"] as? String == "emp_01HXFIXTURE00000001")
    }

    @Test func calendlyFixtureResignedNowIsDeliveredAsAppointmentCreated() throws {
        let fixture = try ProviderSigner.fixture("calendly", "invitee-created")
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("scheduling", provider: "calendly", secret: fixture.secret)
        try config.subscription("app", url: subscriber.url, connections: ["scheduling"])
        let relay = try RelayUnderTest(config)

        let signature = ProviderSigner.calendly(fixture.body, key: fixture.secret, timestamp: ProviderSigner.now)
        let answer = try relay.post("/hooks/calendly/scheduling",
                                    headers: [("Content-Type", "application/json"),
                                              ("Calendly-Webhook-Signature", signature)],
                                    body: fixture.body)
        #expect(answer.status == 200, "\(answer.text)")
        #expect(try jsonObject(answer.body)["delivered"] as? Int == 1)
        let requests = subscriber.requests
        try #require(requests.count == 1)
        let event = try jsonObject(requests[0].body)
        #expect(event["type"] as? String == "ehr.appointment.created")
        #expect(event["providereventtype"] as? String == "invitee.created")
        let data = try #require(event["data"] as? [String: Any])
        #expect(data["start"] as? String == "2024-05-10T15:00:00.000000Z")
        #expect(data["email"] == nil && data["name"] == nil, "unmapped personal fields went out")
        #expect(!requests[0].text.contains("test.patient@example.com"))
    }

    // MARK: Requests that are not webhooks

    @Test func routingMethodAndMediaTypeErrors() throws {
        let fixture = try ProviderSigner.fixture("medplum", "patient-created")
        let subscriber = try FakeSubscriber()
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: fixture.secret)
        try config.subscription("app", url: subscriber.url, connections: ["clinic"])
        let relay = try RelayUnderTest(config)
        let signature = ProviderSigner.medplum(fixture.body, secret: fixture.secret)

        for path in ["/hooks/medplum/no-such-connection", "/hooks/no-such-provider/clinic",
                     "/hooks/calendly/clinic", "/hooks/medplum", "/hooks/medplum/clinic/extra"] {
            let notFound = try relay.post(path, headers: [("Content-Type", "application/fhir+json"),
                                                          ("X-Signature", signature)], body: fixture.body)
            #expect(notFound.status == 404, "\(path): \(notFound.status)")
            #expect(notFound.text == "{\"error\":\"not_found\"}", "\(path)")
        }

        let get = try relay.exchange(Array("GET /hooks/medplum/clinic HTTP/1.1\r\nHost: ferry.test\r\n\r\n".utf8))
        #expect(get.status == 405)
        #expect(get.headers["Allow"] == "POST")
        #expect(try jsonObject(get.body)["error"] as? String == "method_not_allowed")

        let plain = try relay.post("/hooks/medplum/clinic",
                                   headers: [("Content-Type", "text/plain"), ("X-Signature", signature)],
                                   body: fixture.body)
        #expect(plain.status == 415)
        #expect(try jsonObject(plain.body)["error"] as? String == "unsupported_media_type")
        let none = try relay.post("/hooks/medplum/clinic", headers: [("X-Signature", signature)], body: fixture.body)
        #expect(none.status == 415)
        // Parameters and case do not change the media type.
        let withCharset = try relay.post("/hooks/medplum/clinic",
                                         headers: [("Content-Type", "Application/FHIR+JSON; charset=utf-8"),
                                                   ("X-Signature", signature)], body: fixture.body)
        #expect(withCharset.status == 200, "\(withCharset.text)")
        #expect(subscriber.requests.count == 1)
    }

    @Test func bodyOverOneMebibyteIs413() throws {
        var config = RelayConfig(directory: try TemporaryDirectory())
        config.connection("clinic", provider: "medplum", secret: "s3cret-for-413")
        let relay = try RelayUnderTest(config)

        // What the provider announces is enough: the answer comes before the body is read.
        let size = (1 << 20) + 1
        let head = "POST /hooks/medplum/clinic HTTP/1.1\r\nHost: ferry.test\r\nContent-Type: application/json\r\n"
            + "X-Signature: 00\r\nContent-Length: \(size)\r\n\r\n"
        let answer = try relay.exchange(Array(head.utf8))
        #expect(answer.status == 413)
        #expect(try jsonObject(answer.body)["error"] as? String == "payload_too_large")
    }
}
