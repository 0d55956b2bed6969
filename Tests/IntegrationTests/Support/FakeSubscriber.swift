import FerryHTTP
import FerryIO
import FerryTestSupport
import Synchronization

/// A customer app as Ferry sees it: an HTTP server on `127.0.0.1:0` that records every
/// request (method, target, headers, exact body) and answers as the test programs it,
/// per request, by arrival order (0, 1, 2 …).
///
/// A delayed answer is scheduled on the request's loop (`responder.loop.schedule`), so a
/// slow answer never blocks the fake's loop.
final class FakeSubscriber: Sendable {
    struct Request: Sendable {
        let method: String
        let target: String
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [(name: String, value: String)] = []
        /// Answer this long after the request arrived.
        var delay: Duration?

        static let noContent = Reply(status: 204)
        static func status(_ status: Int, headers: [(name: String, value: String)] = []) -> Reply {
            Reply(status: status, headers: headers)
        }
    }

    /// The requests, shared between the test and the server's loop.
    private final class Log: Sendable {
        let requests = Mutex<[Request]>([])
    }

    private let server: TestHTTPServer
    private let recorded: Log

    /// `reply` is asked for the answer to the request with the given index (0-based).
    init(reply: @escaping @Sendable (Int) -> Reply = { _ in .noContent }) throws {
        let recorded = Log()
        self.recorded = recorded
        server = try TestHTTPServer { request, responder in
            let index = recorded.requests.withLock { requests -> Int in
                // A copy: the server wipes the request's own body once the answer is written.
                requests.append(Request(method: request.head.method.rawValue, target: request.head.target,
                                        headers: request.head.headers, body: request.body.withUnsafeBytes { Array($0) }))
                return requests.count - 1
            }
            let answer = reply(index)
            var headers = HTTPHeaders()
            for (name, value) in answer.headers { headers.add(name: name, value: value) }
            let response = HTTPServerResponse(status: answer.status, headers: headers)
            if let delay = answer.delay {
                _ = responder.loop.schedule(after: delay) { responder.respond(response) }
            } else {
                responder.respond(response)
            }
        }
    }

    /// Always answers `status`.
    convenience init(always status: Int) throws {
        try self.init { _ in .status(status) }
    }

    deinit { server.stop() }

    /// The subscription URL to put in the config.
    var url: String { server.baseURL + "/ferry/events" }

    /// Every request received so far, in arrival order.
    var requests: [Request] { recorded.requests.withLock { $0 } }
}
