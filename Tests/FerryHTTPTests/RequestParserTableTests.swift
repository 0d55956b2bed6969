import FerryHTTP
import Testing

/// What one table row must produce.
struct ExpectedRequest: Sendable {
    var method: String
    var target: String
    var version: HTTPVersion = .http1_1
    /// Checked with the case-insensitive subscript (first value).
    var headers: [(String, String)] = []
    var body: String = ""
    var trailers: [(String, String)] = []
    var framing: HTTPBodyFraming?
}

enum RequestOutcome: Sendable {
    case ok(ExpectedRequest)
    case error(HTTPParseError)
}

struct RequestCase: Sendable, CustomTestStringConvertible {
    var name: String
    var rfc: String
    var input: [UInt8]
    var expected: RequestOutcome
    var testDescription: String { "\(rfc): \(name)" }
}

private func ok(_ name: String, _ rfc: String, _ input: String, _ method: String = "GET", _ target: String = "/",
                version: HTTPVersion = .http1_1, headers: [(String, String)] = [], body: String = "",
                trailers: [(String, String)] = [], framing: HTTPBodyFraming? = nil) -> RequestCase {
    RequestCase(name: name, rfc: rfc, input: input.bytes,
                expected: .ok(ExpectedRequest(method: method, target: target, version: version, headers: headers,
                                              body: body, trailers: trailers, framing: framing)))
}

private func bad(_ name: String, _ rfc: String, _ input: String, _ error: HTTPParseError) -> RequestCase {
    RequestCase(name: name, rfc: rfc, input: input.bytes, expected: .error(error))
}

private func bad(_ name: String, _ rfc: String, _ input: [UInt8], _ error: HTTPParseError) -> RequestCase {
    RequestCase(name: name, rfc: rfc, input: input, expected: .error(error))
}

private let h = "Host: a\r\n"
private let post = "POST / HTTP/1.1\r\nHost: a\r\n"
private let chunkedHead = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

let requestCases: [RequestCase] = [
    // MARK: valid
    ok("simple GET", "RFC 9112 §3", "GET / HTTP/1.1\r\n\(h)\r\n", headers: [("host", "a")], framing: HTTPBodyFraming.none),
    ok("query and pct-encoding", "RFC 9112 §3.2.1", "GET /a/b%20c?x=1&y=%2F HTTP/1.1\r\n\(h)\r\n", "GET", "/a/b%20c?x=1&y=%2F"),
    ok("Content-Length body", "RFC 9112 §6.3 (6)", "\(post)Content-Length: 5\r\n\r\nhello", "POST", body: "hello",
       framing: .contentLength(5)),
    ok("Content-Length 0", "RFC 9112 §6.3 (6)", "\(post)Content-Length: 0\r\n\r\n", "POST", framing: .contentLength(0)),
    ok("Content-Length leading zeros", "RFC 9110 §8.6", "\(post)Content-Length: 005\r\n\r\nhello", "POST", body: "hello"),
    ok("GET with a body", "RFC 9110 §9.3.1", "GET / HTTP/1.1\r\n\(h)Content-Length: 2\r\n\r\nhi", body: "hi"),
    ok("no CL no TE means no body", "RFC 9112 §6.3 (7)", "\(post)\r\n", "POST", framing: HTTPBodyFraming.none),
    ok("chunked", "RFC 9112 §7.1", "\(chunkedHead)5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "POST",
       body: "hello world", framing: .chunked),
    ok("chunked hex upper/lower and leading zeros", "RFC 9112 §7.1", "\(chunkedHead)00A\r\n0123456789\r\na\r\n0123456789\r\n000\r\n\r\n",
       "POST", body: "01234567890123456789"),
    ok("chunk extensions token and quoted with BWS", "RFC 9112 §7.1.1",
       "\(chunkedHead)5;a=b ; c = \"q \\\" v\";d\r\nhello\r\n0;last\r\n\r\n", "POST", body: "hello"),
    ok("chunked with trailers", "RFC 9112 §7.1.2",
       "\(chunkedHead)3\r\nabc\r\n0\r\nX-Checksum: 123\r\nX-Other:  two \r\n\r\n", "POST", body: "abc",
       trailers: [("x-checksum", "123"), ("X-OTHER", "two")]),
    ok("Transfer-Encoding case-insensitive", "RFC 9112 §7", "\(post)Transfer-Encoding: ChUnKeD\r\n\r\n0\r\n\r\n", "POST",
       framing: .chunked),
    ok("Transfer-Encoding:<HTAB>chunked is valid OWS", "RFC 9112 §5.1", "\(post)Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n",
       "POST", framing: .chunked),
    ok("empty list elements ignored", "RFC 9110 §5.6.1", "\(post)Transfer-Encoding: , chunked\r\n\r\n0\r\n\r\n", "POST",
       framing: .chunked),
    ok("OWS around value stripped", "RFC 9112 §5.1", "GET / HTTP/1.1\r\nHost: \t a \t\r\n\r\n", headers: [("Host", "a")]),
    ok("empty field value", "RFC 9110 §5.5", "GET / HTTP/1.1\r\n\(h)X-Empty:\r\n\r\n", headers: [("x-empty", "")]),
    ok("UTF-8 obs-text value kept exactly", "RFC 9110 §5.5", "GET / HTTP/1.1\r\n\(h)X-Name: caf\u{E9} \u{1F600}\r\n\r\n",
       headers: [("X-Name", "caf\u{E9} \u{1F600}")]),
    ok("all tchar in a name", "RFC 9110 §5.6.2", "GET / HTTP/1.1\r\n\(h)X-!#$%&'*+-.^_`|~9: v\r\n\r\n",
       headers: [("x-!#$%&'*+-.^_`|~9", "v")]),
    ok("one leading CRLF ignored", "RFC 9112 §2.2 ¶6", "\r\nGET / HTTP/1.1\r\n\(h)\r\n"),
    ok("two leading CRLFs ignored", "RFC 9112 §2.2 ¶6", "\r\n\r\nGET / HTTP/1.1\r\n\(h)\r\n"),
    ok("HTTP/1.0 without Host", "RFC 9112 §3.2", "GET / HTTP/1.0\r\n\r\n", version: .http1_0),
    ok("HTTP/1.2 treated as 1.1", "RFC 9110 §6.2", "GET / HTTP/1.2\r\n\(h)\r\n", version: .http1_1),
    ok("absolute-form", "RFC 9112 §3.2.2", "GET http://example.com/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n",
       "GET", "http://example.com/x?y"),
    ok("absolute-form https, IPv6 host and port", "RFC 9112 §3.2.2",
       "GET HTTPS://[::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n", "GET", "HTTPS://[::1]:8443"),
    ok("authority-form with CONNECT", "RFC 9112 §3.2.3", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
       "CONNECT", "example.com:443"),
    ok("asterisk-form with OPTIONS", "RFC 9112 §3.2.4", "OPTIONS * HTTP/1.1\r\n\(h)\r\n", "OPTIONS", "*"),
    ok("extension method token", "RFC 9110 §9.1", "PURGE /x HTTP/1.1\r\n\(h)\r\n", "PURGE", "/x"),
    ok("empty Host is valid", "RFC 9112 §3.2", "GET / HTTP/1.1\r\nHost:\r\n\r\n", headers: [("Host", "")]),
    ok("Host with pct-encoded reg-name and port", "RFC 3986 §3.2.2", "GET / HTTP/1.1\r\nHost: ex%41mple.com:80\r\n\r\n"),
    ok("names kept as received", "RFC 9110 §5.1", "GET / HTTP/1.1\r\nhOsT: a\r\nX-Mixed-CASE: 1\r\n\r\n",
       headers: [("X-MIXED-case", "1")]),

    // MARK: line terminators, NUL (RFC 9112 §2.2)
    bad("bare CR in value", "RFC 9112 §2.2 ¶4", "GET / HTTP/1.1\r\n\(h)X: a\rb\r\n\r\n", .bareCR),
    bad("bare CR in request-line", "RFC 9112 §2.2 ¶4", "GET /\r HTTP/1.1\r\n\(h)\r\n", .bareCR),
    bad("bare LF ends request-line (strict)", "RFC 9112 §2.2 ¶3", "GET / HTTP/1.1\n\(h)\r\n", .bareLF),
    bad("bare LF ends a field line (strict)", "RFC 9112 §2.2 ¶3", "GET / HTTP/1.1\r\nHost: a\n\r\n", .bareLF),
    bad("LF-only head", "RFC 9112 §2.2 ¶3", "GET / HTTP/1.1\nHost: a\n\n", .bareLF),
    bad("NUL in value", "RFC 9110 §5.5", "GET / HTTP/1.1\r\n\(h)X: a\0b\r\n\r\n", .nulByte),
    bad("NUL in target", "RFC 9110 §5.5", "GET /\0 HTTP/1.1\r\n\(h)\r\n", .nulByte),
    bad("three leading CRLFs", "RFC 9112 §2.2 ¶6", "\r\n\r\n\r\nGET / HTTP/1.1\r\n\(h)\r\n", .tooManyEmptyLines),
    bad("leading bare LF", "RFC 9112 §2.2 ¶6", "\nGET / HTTP/1.1\r\n\(h)\r\n", .bareLF),

    // MARK: request-line (RFC 9112 §3)
    bad("two spaces after method", "RFC 9112 §3", "GET  / HTTP/1.1\r\n\(h)\r\n", .invalidRequestLine),
    bad("tab after method", "RFC 9112 §3", "GET\t/ HTTP/1.1\r\n\(h)\r\n", .invalidRequestLine),
    bad("two spaces before version", "RFC 9112 §3", "GET /  HTTP/1.1\r\n\(h)\r\n", .invalidVersion),
    bad("leading space", "RFC 9112 §3", " GET / HTTP/1.1\r\n\(h)\r\n", .invalidRequestLine),
    bad("missing version", "RFC 9112 §3", "GET /\r\n\(h)\r\n", .invalidRequestLine),
    bad("space inside target", "RFC 9112 §3.2", "GET /a b HTTP/1.1\r\n\(h)\r\n", .invalidVersion),
    bad("trailing space after version", "RFC 9112 §2.3", "GET / HTTP/1.1 \r\n\(h)\r\n", .invalidVersion),
    bad("lowercase http/1.1", "RFC 9112 §2.3", "GET / http/1.1\r\n\(h)\r\n", .invalidVersion),
    bad("HTTP/1.10", "RFC 9112 §2.3", "GET / HTTP/1.10\r\n\(h)\r\n", .invalidVersion),
    bad("HTTP/1", "RFC 9112 §2.3", "GET / HTTP/1\r\n\(h)\r\n", .invalidVersion),
    bad("HTTP/2.0 → 505", "RFC 9110 §15.6.6", "GET / HTTP/2.0\r\n\(h)\r\n", .unsupportedVersion),
    bad("HTTP/0.9 → 505", "RFC 9110 §15.6.6", "GET / HTTP/0.9\r\n\(h)\r\n", .unsupportedVersion),
    bad("method with @", "RFC 9110 §9.1", "GE@T / HTTP/1.1\r\n\(h)\r\n", .invalidMethod),
    bad("target with non-ASCII byte", "RFC 9112 §3.2", "GET /".bytes + [0xC3, 0xA9] + " HTTP/1.1\r\n\(h)\r\n".bytes, .invalidTarget),
    bad("target with fragment", "RFC 9112 §3.2", "GET /a#b HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("target with bad pct-encoding", "RFC 3986 §2.1", "GET /%zz HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("target with truncated pct-encoding", "RFC 3986 §2.1", "GET /%4 HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("target with quote and angle brackets", "RFC 3986 §2", "GET /<\"> HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("target with control byte", "RFC 9112 §3.2", "GET /\u{7}x HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("asterisk-form with GET", "RFC 9112 §3.2.4", "GET * HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("authority-form with GET", "RFC 9112 §3.2.3", "GET example.com:443 HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("CONNECT with origin-form", "RFC 9112 §3.2.3", "CONNECT / HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("CONNECT without port", "RFC 9112 §3.2.3", "CONNECT example.com HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("absolute-form with ftp scheme", "RFC 9110 §4.2", "GET ftp://a/ HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("absolute-form with empty host", "RFC 9110 §4.2.1", "GET http:///x HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("absolute-form with userinfo", "RFC 9110 §4.2.4", "GET http://u@a/ HTTP/1.1\r\n\(h)\r\n", .invalidTarget),
    bad("relative target", "RFC 9112 §3.2", "GET a/b HTTP/1.1\r\n\(h)\r\n", .invalidTarget),

    // MARK: Host (RFC 9112 §3.2)
    bad("HTTP/1.1 without Host", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\n\r\n", .missingHost),
    bad("two Host lines", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", .multipleHost),
    bad("two Host lines in HTTP/1.0", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", .multipleHost),
    bad("Host with space", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalidHost),
    bad("Host with path", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalidHost),
    bad("Host with userinfo", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", .invalidHost),
    bad("Host with bad port", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", .invalidHost),
    bad("Host list", "RFC 9112 §3.2 ¶6", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", .invalidHost),

    // MARK: field lines (RFC 9112 §5, RFC 9110 §5)
    bad("space inside name", "RFC 9110 §5.6.2", "GET / HTTP/1.1\r\n\(h)X Bad: 1\r\n\r\n", .invalidTokenCharacter),
    bad("Transfer-Encoding : chunked", "RFC 9112 §5.1 ¶2", "\(post)Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        .whitespaceBeforeColon),
    bad("tab before colon", "RFC 9112 §5.1 ¶2", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", .whitespaceBeforeColon),
    bad("@ in name", "RFC 9110 §5.6.2", "GET / HTTP/1.1\r\n\(h)X@Y: 1\r\n\r\n", .invalidTokenCharacter),
    bad("non-ASCII name", "RFC 9110 §5.6.2", "GET / HTTP/1.1\r\n\(h)\u{DC}nicode: 1\r\n\r\n", .invalidTokenCharacter),
    bad("empty name", "RFC 9110 §5.1", "GET / HTTP/1.1\r\n\(h): v\r\n\r\n", .emptyFieldName),
    bad("no colon", "RFC 9112 §5", "GET / HTTP/1.1\r\n\(h)Bogus\r\n\r\n", .missingColon),
    bad("obs-fold", "RFC 9112 §5.2", "GET / HTTP/1.1\r\n\(h)X-Folded: a\r\n b\r\n\r\n", .obsFold),
    bad("obs-fold with tab", "RFC 9112 §5.2", "GET / HTTP/1.1\r\n\(h)X-Folded: a\r\n\tb\r\n\r\n", .obsFold),
    bad("whitespace before first field", "RFC 9112 §2.2 ¶8", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsFold),
    bad("CTL in value", "RFC 9110 §5.5", "GET / HTTP/1.1\r\n\(h)X: a\u{1}b\r\n\r\n", .invalidFieldValue),
    bad("DEL in value", "RFC 9110 §5.5", "GET / HTTP/1.1\r\n\(h)X: a\u{7F}b\r\n\r\n", .invalidFieldValue),
    bad("invalid UTF-8 value (strict)", "RFC 9110 §5.5", "GET / HTTP/1.1\r\n\(h)X: a".bytes + [0xFF, 0xFE] + "\r\n\r\n".bytes,
        .invalidFieldValue),

    // MARK: framing (RFC 9112 §6)
    bad("CL with TE", "RFC 9112 §6.3 (3)", "\(post)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        .contentLengthWithTransferEncoding),
    bad("TE with CL", "RFC 9112 §6.3 (3)", "\(post)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        .contentLengthWithTransferEncoding),
    bad("chunked, identity", "RFC 9112 §6.3 (4)", "\(post)Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", .chunkedNotFinal),
    bad("chunked then gzip line", "RFC 9112 §6.3 (4)", "\(post)Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n",
        .chunkedNotFinal),
    bad("xchunked → 501", "RFC 9112 §6.1", "\(post)Transfer-Encoding: xchunked\r\n\r\n", .unsupportedTransferCoding),
    bad("gzip → 501", "RFC 9112 §6.1", "\(post)Transfer-Encoding: gzip\r\n\r\n", .unsupportedTransferCoding),
    bad("gzip, chunked → 501", "RFC 9112 §6.1", "\(post)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        .unsupportedTransferCoding),
    bad("chunked twice", "RFC 9112 §6.1", "\(post)Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", .invalidTransferEncoding),
    bad("chunked on two lines", "RFC 9112 §6.1", "\(post)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        .invalidTransferEncoding),
    bad("chunked with a parameter", "RFC 9112 §7", "\(post)Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", .invalidTransferEncoding),
    bad("empty Transfer-Encoding", "RFC 9112 §6.1", "\(post)Transfer-Encoding:\r\n\r\n", .invalidTransferEncoding),
    bad("quoted chunked", "RFC 9112 §6.1", "\(post)Transfer-Encoding: \"chunked\"\r\n\r\n", .invalidTransferEncoding),
    bad("TE in HTTP/1.0", "RFC 9112 §6.1", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        .transferEncodingInHTTP10),
    bad("Content-Length: +5", "RFC 9110 §8.6", "\(post)Content-Length: +5\r\n\r\nhello", .invalidContentLength),
    bad("Content-Length: -1", "RFC 9110 §8.6", "\(post)Content-Length: -1\r\n\r\n", .invalidContentLength),
    bad("Content-Length: 5, 5 (strict)", "RFC 9110 §8.6", "\(post)Content-Length: 5, 5\r\n\r\nhello", .invalidContentLength),
    bad("two identical CL lines (strict)", "RFC 9110 §8.6", "\(post)Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        .multipleContentLength),
    bad("two different CL lines", "RFC 9112 §6.3 (5)", "\(post)Content-Length: 5\r\ncontent-length: 6\r\n\r\nhello",
        .multipleContentLength),
    bad("Content-Length: 0x5", "RFC 9110 §8.6", "\(post)Content-Length: 0x5\r\n\r\nhello", .invalidContentLength),
    bad("Content-Length with inner space", "RFC 9110 §8.6", "\(post)Content-Length: 1 0\r\n\r\n", .invalidContentLength),
    bad("empty Content-Length", "RFC 9110 §8.6", "\(post)Content-Length:\r\n\r\n", .invalidContentLength),
    bad("huge Content-Length → 413", "RFC 9110 §15.5.14", "\(post)Content-Length: 99999999999999999999999999\r\n\r\n",
        .bodyTooLarge),
    bad("Content-Length 1 MiB + 1 → 413 from the head", "RFC 9110 §15.5.14", "\(post)Content-Length: 1048577\r\n\r\n",
        .bodyTooLarge),

    // MARK: chunked (RFC 9112 §7.1)
    bad("chunk size 0x5", "RFC 9112 §7.1", "\(chunkedHead)0x5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
    bad("chunk size with leading space", "RFC 9112 §7.1", "\(chunkedHead) 5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
    bad("chunk size with trailing space", "RFC 9112 §7.1", "\(chunkedHead)5 \r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
    bad("negative chunk size", "RFC 9112 §7.1", "\(chunkedHead)-5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
    bad("empty chunk size", "RFC 9112 §7.1", "\(chunkedHead);x\r\n\r\n", .invalidChunkSize),
    bad("17 hex digits", "RFC 9112 §7.1", "\(chunkedHead)00000000000000005\r\nhello\r\n0\r\n\r\n", .chunkSizeTooLarge),
    bad("16 hex digits past Int.max", "RFC 9112 §7.1", "\(chunkedHead)FFFFFFFFFFFFFFFF\r\n", .chunkSizeTooLarge),
    bad("16 hex digits under Int.max → 413", "RFC 9110 §15.5.14", "\(chunkedHead)7FFFFFFFFFFFFFFF\r\n", .bodyTooLarge),
    bad("chunk size over the body limit → 413 at once", "RFC 9110 §15.5.14", "\(chunkedHead)100001\r\n", .bodyTooLarge),
    bad("missing CRLF after chunk data", "RFC 9112 §7.1", "\(chunkedHead)5\r\nhelloX\r\n0\r\n\r\n", .invalidChunkFraming),
    bad("LF only after chunk data", "RFC 9112 §7.1", "\(chunkedHead)5\r\nhello\n0\r\n\r\n", .invalidChunkFraming),
    bad("LF-only chunk lines", "RFC 9112 §7.1", "\(chunkedHead)5\nhello\n0\n\n", .bareLF),
    bad("bare CR in chunk line", "RFC 9112 §2.2 ¶4", "\(chunkedHead)5\rhello\r\n0\r\n\r\n", .bareCR),
    bad("extension without name", "RFC 9112 §7.1.1", "\(chunkedHead)5;\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
    bad("extension with open quote", "RFC 9112 §7.1.1", "\(chunkedHead)5;a=\"x\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
    bad("extension value missing", "RFC 9112 §7.1.1", "\(chunkedHead)5;a=\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
    bad("trailing whitespace after extension", "RFC 9112 §7.1.1", "\(chunkedHead)5;a \r\nhello\r\n0\r\n\r\n",
        .invalidChunkExtension),
    bad("chunk line over maxChunkLineBytes", "RFC 9112 §7.1.1",
        "\(chunkedHead)5;a=\(String(repeating: "b", count: 1100))\r\nhello\r\n0\r\n\r\n", .chunkLineTooLong),
    bad("obs-fold in trailers", "RFC 9112 §7.1.2", "\(chunkedHead)0\r\nX: a\r\n b\r\n\r\n", .obsFold),
    bad("invalid trailer name", "RFC 9112 §7.1.2", "\(chunkedHead)0\r\nX Y: a\r\n\r\n", .invalidTokenCharacter),
    bad("bare LF ends trailers", "RFC 9112 §7.1.2", "\(chunkedHead)0\r\nX: a\r\n\n", .bareLF),
]

@Suite("Request parser table")
struct RequestParserTableTests {
    @Test(arguments: requestCases)
    func wholeBuffer(_ testCase: RequestCase) {
        check(runRequestParser([testCase.input]), against: testCase)
    }

    @Test(arguments: requestCases)
    func byteByByteMatchesWhole(_ testCase: RequestCase) {
        check(runRequestParser(byteByByte(testCase.input)), against: testCase)
    }

    @Test func tableIsLargeAndCitesSections() {
        #expect(requestCases.count >= 80)
        #expect(requestCases.allSatisfy { $0.rfc.hasPrefix("RFC ") && $0.rfc.contains("§") })
        #expect(Set(requestCases.map(\.name)).count == requestCases.count)
    }

    private func check(_ run: RequestRun, against testCase: RequestCase) {
        switch testCase.expected {
        case .error(let expected):
            #expect(run.error == expected, "\(testCase.name)")
            #expect(run.messages.isEmpty)
        case .ok(let expected):
            #expect(run.error == nil, "\(testCase.name)")
            #expect(run.messages.count == 1)
            guard let message = run.messages.first else { return }
            #expect(message.head.method.rawValue == expected.method)
            #expect(message.head.target == expected.target)
            #expect(message.head.version == expected.version)
            for (name, value) in expected.headers {
                #expect(message.head.headers[name] == value, "header \(name)")
            }
            if let framing = expected.framing { #expect(message.head.framing == framing) }
            #expect(message.body == expected.body.bytes)
            #expect(message.trailers.count == expected.trailers.count)
            for (name, value) in expected.trailers {
                #expect(message.trailers[name] == value, "trailer \(name)")
                #expect(message.head.headers[name] == nil, "trailers are not merged into the head")
            }
        }
    }
}
