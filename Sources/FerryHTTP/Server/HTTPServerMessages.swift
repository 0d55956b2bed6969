public import FerryIO

/// A complete request as the server hands it to a handler: head, whole body, trailers.
public struct HTTPServerRequest: Sendable {
    public var head: HTTPRequestHead
    /// The body exactly as received (de-chunked), for signature checks over raw bytes.
    public var body: [UInt8]
    public var trailers: HTTPHeaders
    /// The peer's address.
    public var remoteAddress: SocketAddress?

    public init(head: HTTPRequestHead, body: [UInt8] = [], trailers: HTTPHeaders = HTTPHeaders(),
                remoteAddress: SocketAddress? = nil) {
        self.head = head
        self.body = body
        self.trailers = trailers
        self.remoteAddress = remoteAddress
    }
}

/// A response a handler gives back: status, fields and the whole body.
///
/// The server adds `Content-Length`, `Date` and, when the connection ends, `Connection: close`.
public struct HTTPServerResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a small JSON body (the upstream-answer shape of DESIGN.md).
    public static func json(_ status: Int, _ json: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPServerResponse {
        var headers = headers
        headers.add(name: "Content-Type", value: "application/json")
        return HTTPServerResponse(status: status, headers: headers, body: Array(json.utf8))
    }

    /// The JSON error answer for a request the server itself rejected.
    static func error(_ error: HTTPParseError) -> HTTPServerResponse {
        .json(error.status, "{\"error\":\"\(errorCode(for: error.status))\"}")
    }

    static func errorCode(for status: Int) -> String {
        switch status {
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 414: "uri_too_long"
        case 431: "header_fields_too_large"
        case 501: "not_implemented"
        case 503: "unavailable"
        case 505: "http_version_not_supported"
        default: "bad_request"
        }
    }
}

/// Handles complete requests on one event loop.
///
/// The server makes one handler per loop (shared-nothing per core), and calls it only on
/// that loop's thread, so a handler may keep per-loop state (HMAC contexts, client pools)
/// without locks.
public protocol HTTPServerHandler: AnyObject {
    /// Answers `request` by calling `responder.respond` exactly once, on this loop, now or later.
    ///
    /// The request's body is zeroed in place once the answer is written (zero retention): a
    /// handler must not keep it, or anything sharing its storage, past `respond`.
    func handle(_ request: HTTPServerRequest, responder: HTTPResponder)
}

/// The one-shot way back to the connection a request came on.
///
/// Responding twice, or after the connection closed, is ignored: the connection checks
/// the request's serial number.
public struct HTTPResponder {
    let connection: HTTPServerConnection
    let serial: UInt64

    /// The loop the request arrived on; respond on it.
    public var loop: EventLoop { connection.loop }

    /// Sends `response` (on the loop's thread).
    public func respond(_ response: HTTPServerResponse) {
        connection.respond(response, serial: serial)
    }
}
