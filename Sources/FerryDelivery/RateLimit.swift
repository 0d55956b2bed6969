public import FerryHTTP

/// A subscriber's rate-limit state in one shape, whatever dialect it answered in.
///
/// Read from `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), the IETF
/// draft fields (`RateLimit` / `RateLimit-Policy` of draft-ietf-httpapi-ratelimit-headers-08
/// and later, and the older `RateLimit-Limit` / `-Remaining` / `-Reset`), and the common
/// `X-RateLimit-Limit` / `-Remaining` / `-Reset` (reset as seconds or a unix time).
public struct RateLimit: Sendable, Hashable {
    /// Seconds until a retry may succeed.
    public var retryAfter: Int
    /// Quota of the window, when known.
    public var limit: Int?
    /// Requests left in the window, when known.
    public var remaining: Int?
    /// Window length in seconds, when known.
    public var window: Int?

    public init(retryAfter: Int, limit: Int? = nil, remaining: Int? = nil, window: Int? = nil) {
        self.retryAfter = retryAfter
        self.limit = limit
        self.remaining = remaining
        self.window = window
    }

    /// Default wait when a subscriber says 429 without saying for how long.
    public static let defaultRetryAfter = 30
    /// Upper bound passed upstream: a subscriber cannot park a provider's retries for days.
    public static let maximumRetryAfter = 3600

    /// Reads whatever the subscriber sent. `now` (unix seconds) resolves absolute times.
    public init(headers: HTTPHeaders, now: Int64) {
        var retry: Int?
        if let value = headers["Retry-After"]?.trimmingCharacters() {
            if let seconds = Self.nonNegative(value) {
                retry = seconds
            } else if let date = HTTPDateParser.unixSeconds(value) {
                retry = Int(max(0, date - now))
            }
        }
        var limit = Self.nonNegative(headers["RateLimit-Limit"]) ?? Self.nonNegative(headers["X-RateLimit-Limit"])
        var remaining = Self.nonNegative(headers["RateLimit-Remaining"]) ?? Self.nonNegative(headers["X-RateLimit-Remaining"])
        var reset = Self.nonNegative(headers["RateLimit-Reset"])
        if reset == nil, let xReset = Self.nonNegative(headers["X-RateLimit-Reset"]) {
            // X-RateLimit-Reset is a unix time for GitHub and most others, a delay for some:
            // values past 2001-09-09 (1e9) can only be times.
            reset = xReset > 1_000_000_000 ? max(0, xReset - Int(now)) : xReset
        }
        var window: Int?
        // draft-ietf-httpapi-ratelimit-headers-08 §4 / §5: structured-field items `"name";q=…;w=…`
        // and `"name";r=…;t=…`.
        if let policy = headers["RateLimit-Policy"] {
            let parameters = Self.parameters(policy)
            limit = limit ?? parameters["q"]
            window = parameters["w"]
        }
        if let current = headers["RateLimit"] {
            let parameters = Self.parameters(current)
            remaining = remaining ?? parameters["r"]
            reset = reset ?? parameters["t"]
        }
        let wait = retry ?? (remaining == 0 ? reset : nil) ?? reset ?? Self.defaultRetryAfter
        self.init(retryAfter: min(wait, Self.maximumRetryAfter), limit: limit, remaining: remaining, window: window)
    }

    /// The normalized fields Ferry answers the provider with: `Retry-After` plus the IETF
    /// draft's `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-08).
    public var responseHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Retry-After", value: String(retryAfter))
        if let limit {
            headers.add(name: "RateLimit-Policy", value: "\"subscriber\";q=\(limit)" + (window.map { ";w=\($0)" } ?? ""))
        }
        headers.add(name: "RateLimit", value: "\"subscriber\";r=\(remaining ?? 0);t=\(retryAfter)")
        return headers
    }

    private static func nonNegative(_ text: String?) -> Int? {
        guard let text = text?.trimmingCharacters(), !text.isEmpty, text.utf8.count <= 10,
              text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    /// Integer parameters of the first list member of a structured field (RFC 8941 §3.1.2),
    /// read leniently: `"name";q=100;w=60` → ["q": 100, "w": 60].
    private static func parameters(_ text: String) -> [String: Int] {
        let first = text.split(separator: ",").first ?? ""
        var result: [String: Int] = [:]
        for piece in first.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = nonNegative(String(pair[1])) else { continue }
            result[String(pair[0]).trimmingCharacters()] = value
        }
        return result
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (RFC 9110 §5.6.3 OWS).
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
