/// How a message body is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Hashable, Sendable {
    /// No body: a request with neither Content-Length nor Transfer-Encoding (RFC 9112 §6.3 (7)),
    /// or a response to HEAD, 1xx, 204, 304 (RFC 9112 §6.3 (1)).
    case none
    case contentLength(Int)
    case chunked
    /// Responses only: the body runs until the server closes the connection (RFC 9112 §6.3 (8)).
    case untilClose
}

/// The request-line and header section of a request, with framing and persistence decided.
public struct HTTPRequestHead: Sendable {
    public var method: HTTPMethod
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// RFC 9112 §9.3: whether the connection stays open after this exchange.
    public var keepAlive: Bool
    /// RFC 9110 §10.1.1: the client waits for 100 Continue (honoured for HTTP/1.1 only).
    public var expectsContinue: Bool
    public var framing: HTTPBodyFraming

    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = HTTPHeaders(), keepAlive: Bool = true,
                expectsContinue: Bool = false, framing: HTTPBodyFraming = .none) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.framing = framing
    }
}

/// The status-line and header section of a response, with framing and persistence decided.
public struct HTTPResponseHead: Sendable {
    public var version: HTTPVersion
    public var status: Int
    /// Informational only (RFC 9112 §4: a client SHOULD ignore it); empty means "use the table".
    public var reason: String
    public var headers: HTTPHeaders
    /// RFC 9112 §9.3: whether the connection stays open after this exchange.
    public var keepAlive: Bool
    public var framing: HTTPBodyFraming

    public init(version: HTTPVersion = .http1_1, status: Int, reason: String = "",
                headers: HTTPHeaders = HTTPHeaders(), keepAlive: Bool = true,
                framing: HTTPBodyFraming = .none) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.keepAlive = keepAlive
        self.framing = framing
    }
}

/// Bounds on what one message may make the parser hold or accept.
public struct HTTP1Limits: Sendable {
    /// Start line plus field section, and (minus the head) the trailer section → 431.
    public var maxHeadBytes: Int
    /// Field lines in the head, and (minus those) trailer lines → 431.
    public var maxHeaderCount: Int
    /// request-target length → 414.
    public var maxTargetLength: Int
    /// Content-Length or chunked running total → 413.
    public var maxBodyBytes: Int
    /// One chunk-size line including extensions and CRLF.
    public var maxChunkLineBytes: Int

    public init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100,
                maxTargetLength: Int = 8 * 1024, maxBodyBytes: Int = 1 << 20,
                maxChunkLineBytes: Int = 1024) {
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxTargetLength = maxTargetLength
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }
}

/// What a parser found in the bytes it was given.
public enum HTTP1ParserEvent<Head> {
    case head(Head)
    /// Body bytes at these indices of the buffer passed to the call that returned the event.
    case body(Range<Int>)
    /// The message is complete; trailers are kept apart from the head's fields (RFC 9110 §6.5).
    case end(trailers: HTTPHeaders)
}

extension HTTP1ParserEvent: Sendable where Head: Sendable {}
