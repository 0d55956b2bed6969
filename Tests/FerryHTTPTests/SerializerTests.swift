import FerryHTTP
import Testing

@Suite("Serializer")
struct SerializerTests {
    @Test func noContentHead() {
        var out: [UInt8] = []
        HTTP1Serializer.writeResponseHead(HTTPResponseHead(status: 204), into: &out)
        #expect(out == "HTTP/1.1 204 No Content\r\n\r\n".bytes)
    }

    @Test func framingAndPersistenceFieldsAreDerived() {
        var out: [UInt8] = []
        HTTP1Serializer.writeResponseHead(
            HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain"], keepAlive: false,
                             framing: .contentLength(5)), into: &out)
        #expect(out == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\n".bytes)
    }

    @Test func reasonPhrases() {
        #expect(HTTP1Serializer.reasonPhrase(for: 413) == "Content Too Large")
        #expect(HTTP1Serializer.reasonPhrase(for: 431) == "Request Header Fields Too Large")
        #expect(HTTP1Serializer.reasonPhrase(for: 799) == "Unknown")
    }

    /// Serialize, then parse: the same response comes back.
    @Test func responseRoundTrip() {
        var out: [UInt8] = []
        let head = HTTPResponseHead(status: 202, headers: ["X-Id": "42", "x-id": "43"], framing: .chunked)
        HTTP1Serializer.writeResponseHead(head, into: &out)
        "Hello, ".bytes.withUnsafeBytes { HTTP1Serializer.writeChunk($0, into: &out) }
        [UInt8]().withUnsafeBytes { HTTP1Serializer.writeChunk($0, into: &out) }
        [UInt8](repeating: 0x21, count: 300).withUnsafeBytes { HTTP1Serializer.writeChunk($0, into: &out) }
        HTTP1Serializer.writeLastChunk(trailers: ["X-Sum": "7"], into: &out)
        let run = runResponseParser([out])
        #expect(run.error == nil)
        let parsed = run.messages.first
        #expect(parsed?.head.status == 202)
        #expect(parsed?.head.reason == "Accepted")
        #expect(parsed?.head.headers.values(for: "X-ID") == ["42", "43"])
        #expect(parsed?.head.framing == .chunked)
        #expect(parsed?.body == "Hello, ".bytes + [UInt8](repeating: 0x21, count: 300))
        #expect(parsed?.trailers["x-sum"] == "7")
    }

    @Test func requestRoundTrip() {
        var out: [UInt8] = []
        let head = HTTPRequestHead(method: .POST, target: "/hooks/abc?x=1",
                                   headers: ["Host": "example.com", "X-Signature": "v1,abc="],
                                   framing: .contentLength(4))
        HTTP1Serializer.writeRequestHead(head, into: &out)
        out += "data".bytes
        let run = runRequestParser([out])
        #expect(run.error == nil)
        let parsed = run.messages.first
        #expect(parsed?.head.method == .POST)
        #expect(parsed?.head.target == "/hooks/abc?x=1")
        #expect(parsed?.head.headers["x-signature"] == "v1,abc=")
        #expect(parsed?.head.framing == .contentLength(4))
        #expect(parsed?.body == "data".bytes)
        #expect(parsed?.head.keepAlive == true)
    }

    @Test func http10KeepAliveIsAnnounced() {
        var out: [UInt8] = []
        HTTP1Serializer.writeResponseHead(HTTPResponseHead(version: .http1_0, status: 200, keepAlive: true,
                                                           framing: .contentLength(0)), into: &out)
        #expect(out == "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n".bytes)
    }

    /// RFC 9110 §5.5 / RFC 9112 §11.1: response splitting needs CR or LF in a field.
    @Test func fieldValidation() {
        #expect(HTTP1Serializer.isValidFieldValue("plain value"))
        #expect(HTTP1Serializer.isValidFieldValue("caf\u{E9}"))
        #expect(!HTTP1Serializer.isValidFieldValue("a\r\nSet-Cookie: x"))
        #expect(!HTTP1Serializer.isValidFieldValue("a\nb"))
        #expect(!HTTP1Serializer.isValidFieldValue("a\0b"))
        #expect(!HTTP1Serializer.isValidFieldValue(" padded"))
        #expect(HTTP1Serializer.isValidFieldName("X-Ok"))
        #expect(!HTTP1Serializer.isValidFieldName("X Bad"))
        #expect(!HTTP1Serializer.isValidFieldName("X\r\nY"))
        #expect(!HTTP1Serializer.isValidFieldName(""))
    }

    /// The serializer refuses (precondition) to write a CR/LF-carrying value.
    @Test func injectedValueStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            var out: [UInt8] = []
            let head = HTTPResponseHead(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: stolen=1"])
            HTTP1Serializer.writeResponseHead(head, into: &out)
        }
    }

    @Test func injectedNameStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            var out: [UInt8] = []
            let head = HTTPRequestHead(method: .GET, target: "/", headers: ["X\nEvil": "a"])
            HTTP1Serializer.writeRequestHead(head, into: &out)
        }
    }

    @Test func headersCollection() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "a": "3"]
        #expect(headers.count == 3)
        #expect(headers["a"] == "1")
        #expect(headers.values(for: "A") == ["1", "3"])
        headers.replaceOrAdd(name: "A", value: "9")
        #expect(headers.values(for: "a") == ["9"])
        headers.add(name: "C", value: "4")
        #expect(headers.contains("c"))
        headers.remove(name: "B")
        #expect(!headers.contains("b"))
        #expect(headers.map(\.name) == ["A", "C"])
    }
}

@Suite("Redaction")
struct RedactionTests {
    /// Zero retention: describing or dumping a parsed head never shows values or the query.
    @Test func headsNeverPrintValuesOrQueries() {
        let canary = "PHI-CANARY-4711"
        let input = "POST /patients?ssn=\(canary) HTTP/1.1\r\nHost: a\r\nX-Record: \(canary)\r\nContent-Length: 0\r\n\r\n"
        guard let head = runRequestParser([input.bytes]).messages.first?.head else {
            Issue.record("expected a request")
            return
        }
        var dumped = ""
        dump(head, to: &dumped)
        for text in [head.description, String(describing: head), String(reflecting: head), dumped,
                     head.headers.description] {
            #expect(!text.contains("CANARY"))
        }
        #expect(head.description.contains("/patients?<redacted>"))
        #expect(head.target.contains(canary), "the value itself stays intact for the relay")
        let response = HTTPResponseHead(status: 200, headers: ["Set-Cookie": canary])
        #expect(!String(describing: response).contains("CANARY"))
    }
}
