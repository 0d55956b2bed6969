public import FerryIO

/// How an ``HTTPClient`` connects and how long it waits.
public struct HTTPClientConfiguration: Sendable {
    /// Connections open (or opening) to one origin at most; more requests wait their turn.
    public var maxConnectionsPerOrigin = 64
    /// Longest wait for a TCP connection to be established.
    public var connectTimeout: Duration = .seconds(2)
    /// How long an unused kept-alive connection stays in the pool.
    public var idleTimeout: Duration = .seconds(30)
    /// Response parser limits (the body limit bounds what a subscriber can make us hold).
    public var limits = HTTP1Limits()
    /// Decides whether a resolved address may be connected to (e.g. refusing private and
    /// metadata addresses for subscriber URLs, DESIGN.md Outbound). `nil` allows every address.
    public var addressFilter: (@Sendable (SocketAddress) -> Bool)?

    public init() {}
}

/// A request for ``HTTPClient``: the whole body is in memory.
public struct HTTPClientRequest: Sendable {
    public var method: HTTPMethod
    public var url: HTTPURL
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: HTTPMethod = .POST, url: HTTPURL, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A complete response: head, whole body, trailers.
public struct HTTPClientResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: [UInt8]
    public var trailers: HTTPHeaders

    public var status: Int { head.status }
}

/// Why a client request failed. Descriptions name the failure only, never data.
public struct HTTPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidURL, unsupportedScheme, resolveFailed, connectFailed, connectTimeout
        case deadlineExceeded, connectionReset, protocolError, responseTooLarge, shutDown, addressRefused
    }
    private let code: Code
    /// The errno behind a connect or I/O failure, when there is one.
    public let errno: Int32?

    private init(_ code: Code, errno: Int32? = nil) {
        self.code = code
        self.errno = errno
    }

    public static let invalidURL = HTTPClientError(.invalidURL)
    /// `https` needs the TLS layer, which this client does not have yet.
    public static let unsupportedScheme = HTTPClientError(.unsupportedScheme)
    public static let resolveFailed = HTTPClientError(.resolveFailed)
    public static func connectFailed(errno: Int32) -> HTTPClientError { HTTPClientError(.connectFailed, errno: errno) }
    public static let connectTimeout = HTTPClientError(.connectTimeout)
    /// The request's deadline passed before the whole response arrived.
    public static let deadlineExceeded = HTTPClientError(.deadlineExceeded)
    /// The peer closed or reset the connection before the response was complete.
    public static func connectionReset(errno: Int32? = nil) -> HTTPClientError { HTTPClientError(.connectionReset, errno: errno) }
    /// The response broke HTTP/1.1 framing rules.
    public static let protocolError = HTTPClientError(.protocolError)
    public static let responseTooLarge = HTTPClientError(.responseTooLarge)
    public static let shutDown = HTTPClientError(.shutDown)
    /// Every address the host resolved to was refused by the configured address filter.
    public static let addressRefused = HTTPClientError(.addressRefused)

    /// A short machine-friendly reason (used in upstream answers, e.g. `"timeout"`).
    public var reason: String {
        switch code {
        case .invalidURL: "invalid_url"
        case .unsupportedScheme: "unsupported_scheme"
        case .resolveFailed: "dns_failed"
        case .connectFailed: "connect_failed"
        case .connectTimeout: "connect_timeout"
        case .deadlineExceeded: "timeout"
        case .connectionReset: "connection_reset"
        case .protocolError: "protocol_error"
        case .responseTooLarge: "response_too_large"
        case .shutDown: "shut_down"
        case .addressRefused: "address_refused"
        }
    }

    /// True for failures caused by the clock rather than the peer (maps to 504 upstream).
    public var isTimeout: Bool { code == .deadlineExceeded || code == .connectTimeout }

    public var description: String {
        if let errno { return "\(reason) (errno \(errno))" }
        return reason
    }
}
