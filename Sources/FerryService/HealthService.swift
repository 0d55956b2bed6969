public import FerryHTTP

/// Ferry's operational route: `GET /healthz` (liveness), with clear JSON errors otherwise.
public enum HealthService {
    /// The answer for a request head (routing only; bodies are not read).
    public static func answer(for head: HTTPRequestHead) -> HTTPServerResponse {
        // Only the path decides the route; a query string never reaches a log or an answer.
        let path = head.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch path {
        case "/healthz":
            guard head.method == .GET || head.method == .HEAD else {
                // RFC 9110 §15.5.6: 405 MUST carry an Allow field listing what is allowed.
                return .json(405, "{\"error\":\"method_not_allowed\"}", headers: ["Allow": "GET, HEAD"])
            }
            return .json(200, "{\"status\":\"ok\"}", headers: ["Cache-Control": "no-store"])
        default:
            return .json(404, "{\"error\":\"not_found\"}")
        }
    }
}

/// Answers every request with `204 No Content` once its body is read: the engine's
/// benchmark target (`ferry bench serve`), measuring the HTTP path and nothing else.
public final class NoContentService: HTTPServerHandler {
    public init() {}

    public func handle(_ request: HTTPServerRequest, responder: HTTPResponder) {
        responder.respond(HTTPServerResponse(status: 204))
    }
}
