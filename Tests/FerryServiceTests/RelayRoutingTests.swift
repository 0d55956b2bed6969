@testable import FerryService
import Testing

@Suite struct RelayRoutingTests {
    @Test(arguments: [
        ("/hooks/medplum/acme", RelayRoute.hook(provider: "medplum", connection: "acme")),
        ("/hooks/medplum/acme?x=1", .hook(provider: "medplum", connection: "acme")),
        ("/healthz", .health),
        ("/healthz?probe=1", .health),
        ("/hooks/medplum", .notFound),
        ("/hooks/medplum/acme/extra", .notFound),
        ("/hooks//acme", .notFound),
        ("/hooks/medplum/", .notFound),
        ("/", .notFound),
        ("*", .notFound),
        ("http://evil.example/hooks/medplum/acme", .notFound),
    ])
    func routesOnlyTheExactShapes(target: String, expected: RelayRoute) {
        #expect(RelayRoute(target: target) == expected)
    }

    @Test(arguments: [
        ("application/json", "application/json"),
        ("Application/JSON; charset=utf-8", "application/json"),
        ("application/fhir+json;fhirVersion=4.0", "application/fhir+json"),
        ("  text/plain ", "text/plain"),
    ])
    func mediaTypesIgnoreCaseAndParameters(value: String, expected: String) {
        #expect(RelayHandler.mediaType(value, isOneOf: [expected]))
        #expect(!RelayHandler.mediaType(value, isOneOf: [expected + "x"]))
    }

    @Test func aMissingOrOtherMediaTypeIsRefused() {
        #expect(!RelayHandler.mediaType(nil, isOneOf: ["application/json"]))
        #expect(!RelayHandler.mediaType("application/jsonp", isOneOf: ["application/json"]))
        #expect(!RelayHandler.mediaType("", isOneOf: ["application/json"]))
        #expect(RelayHandler.mediaType("APPLICATION/FHIR+JSON", isOneOf: ["application/json", "application/fhir+json"]))
    }

    @Test func traceparentContinuesAValidTraceAndStartsOtherwise() {
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"   // W3C Trace Context §3.2 example
        let next = TraceContext.next(after: incoming)
        #expect(next.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
        #expect(next != incoming)
        #expect(TraceContext.traceID(of: next) == "4bf92f3577b34da6a3ce929d0e0e4736")
        for invalid in ["", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"] {
            #expect(TraceContext.traceID(of: invalid) == nil, "\(invalid)")
            #expect(!TraceContext.next(after: invalid).contains("4bf92f3577b34da6a3ce929d0e0e4736"))
        }
        #expect(TraceContext.traceID(of: TraceContext.next(after: nil)) != nil)
    }

    @Test func echoHandshakesDecodeTheirQueryValue() {
        #expect(Handshakes.queryValue("msg", in: "/hooks/drchrono/a?msg=abc%20123&x=1") == "abc 123")
        #expect(Handshakes.queryValue("msg", in: "/hooks/drchrono/a?x=1") == nil)
        #expect(Handshakes.queryValue("msg", in: "/hooks/drchrono/a?msg=%zz") == nil)
        #expect(Handshakes.queryValue("msg", in: "/hooks/drchrono/a") == nil)
    }
}
