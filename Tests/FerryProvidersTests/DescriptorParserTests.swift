import FerryProviders
import Testing

/// `provider.json` validation: every problem is reported with its JSON path.
@Suite struct DescriptorParserTests {
    static let valid = """
        {"id":"acme","displayName":"Acme","category":"ehr","docs":["https://acme.example/webhooks"],
         "signature":{"kind":"hmac","header":"X-Acme-Signature","algorithm":"sha256","encoding":"hex","prefix":"sha256="},
         "event":{"id":{"pointer":"/id"},"type":{"pointer":"/type"},"time":{"pointer":"/at","format":"unix"}},
         "mappings":[{"providerType":"patient.created","type":"ehr.patient.created","fields":{"id":"/data/id"}}]}
        """

    func parse(_ text: String) -> Result<ProviderDescriptor, DescriptorError> {
        ProviderCatalog.parse(data: Array(text.utf8), file: "acme/provider.json", expectedID: "acme")
    }

    @Test func aValidDescriptorLoads() throws {
        let descriptor = try parse(Self.valid).get()
        #expect(descriptor.id == "acme")
        #expect(descriptor.contentTypes == ["application/json"])
        #expect(descriptor.providerTimeout == .seconds(10))
        guard case .hmac(let parameters) = descriptor.signature else {
            Issue.record("expected an hmac scheme")
            return
        }
        #expect(parameters.prefix == "sha256=")
        #expect(parameters.encoding == .hex)
        #expect(descriptor.mapping(for: "patient.created", hasHeader: { _ in false })?.unifiedType == "ehr.patient.created")
    }

    @Test(arguments: [
        (#""id":"acme""#, #""id":"other""#, "$.id"),
        (#""algorithm":"sha256""#, #""algorithm":"md5""#, "$.signature.algorithm"),
        (#""encoding":"hex""#, #""encoding":"base32""#, "$.signature.encoding"),
        (#""header":"X-Acme-Signature""#, #""header":"X Acme""#, "$.signature.header"),
        (#""kind":"hmac""#, #""kind":"rsa""#, "$.signature.kind"),
        (#""pointer":"/id""#, #""pointer":"id""#, "$.event.id.pointer"),
        (#""format":"unix""#, #""format":"iso""#, "$.event.time.format"),
        (#""type":"ehr.patient.created""#, #""type":"Patient""#, "$.mappings[0].type"),
        (#""id":"/data/id""#, #""id":"data/id""#, "$.mappings[0].fields.id"),
        (#""category":"ehr""#, #""category":"EHR!""#, "$.category"),
        (#""docs":["https://acme.example/webhooks"]"#, #""docs":[]"#, "$.docs"),
        (#""displayName":"Acme","#, #""displayName":"Acme","typo":true,"#, "$.typo"),
    ])
    func aBadFieldIsReportedAtItsPath(original: String, replacement: String, path: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid, "the replacement must change the descriptor")
        guard case .failure(let error) = parse(text) else {
            Issue.record("\(path): expected a failure")
            return
        }
        #expect(error.issues.contains { $0.path == path }, "\(error.issues)")
    }

    @Test func everyProblemIsReportedInOnePass() {
        let text = Self.valid
            .replacingOccurrences(of: #""algorithm":"sha256""#, with: #""algorithm":"md5""#)
            .replacingOccurrences(of: #""pointer":"/type""#, with: #""pointer":"type""#)
        guard case .failure(let error) = parse(text) else {
            Issue.record("expected a failure")
            return
        }
        #expect(Set(error.issues.map(\.path)) == ["$.signature.algorithm", "$.event.type.pointer"])
    }

    @Test func timestampedPayloadTemplatesMustNameTimestampAndBodyOnce() {
        let scheme = #"{"kind":"timestamped-hmac","header":"S","algorithm":"sha256","encoding":"hex","format":"list","signedPayload":"PAYLOAD"}"#
        for (payload, ok) in [("{timestamp}.{body}", true), ("v0:{timestamp}:{body}", true), ("{body}", false),
                              ("{timestamp}.{body}.{body}", false), ("{timestamp}.{nonce}.{body}", false)] {
            let text = Self.valid.replacingOccurrences(
                of: #"{"kind":"hmac","header":"X-Acme-Signature","algorithm":"sha256","encoding":"hex","prefix":"sha256="}"#,
                with: scheme.replacingOccurrences(of: "PAYLOAD", with: payload))
            let result = parse(text)
            if ok {
                #expect((try? result.get()) != nil, "\(payload) should load")
            } else {
                guard case .failure(let error) = result else {
                    Issue.record("\(payload) should fail")
                    continue
                }
                #expect(error.issues.contains { $0.path == "$.signature.signedPayload" })
            }
        }
    }

    @Test func aFieldCannotBeBothAValueAndAnObject() {
        let text = Self.valid.replacingOccurrences(of: #""fields":{"id":"/data/id"}"#,
                                                   with: #""fields":{"name":"/n","name.family":"/f"}"#)
        guard case .failure(let error) = parse(text) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.issues.contains { $0.path == "$.mappings[0].fields.name" })
    }

    @Test func sourcesMayBeArraysAndSplit() throws {
        let text = Self.valid.replacingOccurrences(
            of: #""id":{"pointer":"/id"}"#,
            with: #""id":[{"pointer":"/id"},{"header":"X-Deleted","split":{"separator":"/","index":1}}]"#)
        let descriptor = try parse(text).get()
        #expect(descriptor.event.id == .firstOf([.pointer("/id"), .split(.header("X-Deleted"), separator: "/", index: 1)]))
    }

    @Test func malformedJSONIsOneIssueAtTheRoot() {
        guard case .failure(let error) = parse("{not json") else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.issues.map(\.path) == ["$"])
    }
}
