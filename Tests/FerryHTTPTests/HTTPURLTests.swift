import FerryHTTP
import Testing

/// `HTTPURL` parsing: what the client accepts as a subscriber URL, and what it refuses.
@Suite struct HTTPURLTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let scheme: String
        let host: String
        let port: Int
        let target: String
        let hostField: String
        var testDescription: String { text }
    }

    static let valid: [Valid] = [
        Valid(text: "http://example.com", scheme: "http", host: "example.com", port: 80, target: "/", hostField: "example.com"),
        Valid(text: "http://Example.COM:8080/a/b?c=d&e", scheme: "http", host: "example.com", port: 8080,
              target: "/a/b?c=d&e", hostField: "example.com:8080"),
        Valid(text: "HTTP://h?x=1", scheme: "http", host: "h", port: 80, target: "/?x=1", hostField: "h"),
        Valid(text: "http://h:80/p", scheme: "http", host: "h", port: 80, target: "/p", hostField: "h"),
        Valid(text: "https://hooks.example/p", scheme: "https", host: "hooks.example", port: 443, target: "/p",
              hostField: "hooks.example"),
        Valid(text: "https://h:8443", scheme: "https", host: "h", port: 8443, target: "/", hostField: "h:8443"),
        Valid(text: "http://127.0.0.1:65535/x", scheme: "http", host: "127.0.0.1", port: 65535, target: "/x",
              hostField: "127.0.0.1:65535"),
        Valid(text: "http://[::1]:8080/x", scheme: "http", host: "::1", port: 8080, target: "/x", hostField: "[::1]:8080"),
        Valid(text: "http://[2001:DB8::1]/", scheme: "http", host: "2001:db8::1", port: 80, target: "/",
              hostField: "[2001:db8::1]"),
        Valid(text: "http://h/%20encoded", scheme: "http", host: "h", port: 80, target: "/%20encoded", hostField: "h"),
    ]

    @Test(arguments: valid)
    func parses(_ expected: Valid) throws {
        let url = try HTTPURL(expected.text)
        #expect(url.scheme == expected.scheme)
        #expect(url.host == expected.host)
        #expect(url.port == expected.port)
        #expect(url.target == expected.target)
        #expect(url.hostField == expected.hostField)
        #expect(url.origin == "\(expected.scheme)://\(expected.hostField)")
        // The origin (used as a pool key and in descriptions) never carries the path or query.
        #expect(url.description == url.origin)
    }

    static let invalid: [String] = [
        "http://user:secret@h/",          // userinfo (RFC 9110 §4.2.4)
        "http://user@h/",
        "http://h/p#fragment",            // fragment
        "http://h#fragment",
        "http://h:0/",                    // bad ports
        "http://h:65536/",
        "http://h:123456/",
        "http://h:/",
        "http://h:8o/",
        "http://h:-1/",
        "http://h/a b",                   // spaces and control bytes
        "http://h /",
        "http://h/\t",
        "http://h/\u{e9}",                // not ASCII
        "http:///path",                   // missing host
        "http://",
        "http://:80/",
        "http://?q",
        "http://[::1/",                   // IPv6 literal broken
        "http://[::1]x/",
        "http://[]/",
        "http://::1/",                    // IPv6 literal without brackets (RFC 3986 §3.2.2)
        "http://2001:db8::1:8080/",
        "http://[example.com]/",          // brackets around something that is not IPv6
        "ftp://h/",                       // not http(s)
        "h/path",
        "//h/path",
        "",
    ]

    @Test(arguments: invalid)
    func refuses(_ text: String) {
        #expect(throws: HTTPClientError.invalidURL) { try HTTPURL(text) }
    }
}
