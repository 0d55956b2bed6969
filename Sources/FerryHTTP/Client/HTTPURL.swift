/// An absolute `http` / `https` URL split into what a client needs (RFC 9110 §4.2).
///
/// Deliberately narrow: no userinfo (RFC 9110 §4.2.4: it must not be sent and is a
/// phishing vector), no fragments, a numeric port in 1...65535.
public struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    public let scheme: String
    /// Host name or address literal, lowercased; IPv6 literals without brackets.
    public let host: String
    public let port: Int
    /// origin-form request-target: absolute path plus optional query (RFC 9112 §3.2.1).
    public let target: String
    /// The `Host` field value: host plus port when it is not the scheme's default (RFC 9110 §7.2).
    /// Stored, like ``origin``: both are read on every request (pool key, Host field).
    public let hostField: String
    /// Scheme, host and port only; never the path or query, which may carry identifiers.
    public let origin: String

    public init(_ text: String) throws(HTTPClientError) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            scheme = "http"
            rest = text.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            scheme = "https"
            rest = text.dropFirst(8)
        } else {
            throw .invalidURL
        }
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { throw .invalidURL }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { throw .invalidURL }
        var pathAndQuery = rest[authorityEnd...]
        if pathAndQuery.contains("#") { throw .invalidURL }
        if pathAndQuery.hasPrefix("?") || pathAndQuery.isEmpty { pathAndQuery = "/" + pathAndQuery }

        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            // RFC 3986 §3.2.2: brackets hold an IPv6 literal (IPvFuture is not supported).
            guard hostPart.contains(":") else { throw .invalidURL }
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
            // RFC 3986 §3.2.2: an IPv6 literal must be bracketed; "http://::1/" is not host "::".
            guard !hostPart.contains(":") else { throw .invalidURL }
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw .invalidURL }
        host = hostPart.lowercased()
        let defaultPort = scheme == "https" ? 443 : 80
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int(portPart), (1...65535).contains(number) else { throw .invalidURL }
            port = number
        } else {
            port = defaultPort
        }
        target = String(pathAndQuery)
        let bracketed = host.contains(":") ? "[\(host)]" : host
        hostField = port == defaultPort ? bracketed : "\(bracketed):\(port)"
        origin = "\(scheme)://\(hostField)"
    }

    public var description: String { origin }
}
