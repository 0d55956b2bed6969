public import FerryHTTP
internal import FerryJSON
public import FerryProviders
public import FerryCrypto

/// A customer app in miniature, for `ferry demo`: verifies each delivery's Standard
/// Webhooks signature with the subscription's key and reports its type and id.
public final class DemoSubscriber: HTTPServerHandler {
    /// What the demo subscriber saw: ids and types only (a demo prints them; never the data).
    public struct Received: Sendable {
        public let webhookID: String
        public let type: String
        public let subject: String?
        public let verified: Bool
    }

    private let verifier: ConnectionVerifier
    private let report: @Sendable (Received) -> Void

    /// `key` is the subscription's `whsec_…` secret; `standardWebhooks` the descriptor whose
    /// scheme verifies it (the same code that verifies inbound Standard Webhooks senders).
    public init(standardWebhooks: ProviderDescriptor, key: Secret, report: @escaping @Sendable (Received) -> Void) {
        verifier = ConnectionVerifier(provider: standardWebhooks, connectionID: "demo-subscriber", secrets: [key])
        self.report = report
    }

    public func handle(_ request: HTTPServerRequest, responder: HTTPResponder) {
        let headers = request.head.headers
        let verified = (try? verifier.verify(headers: headers, body: request.body, now: UnixClock.now()).get()) != nil
        let (type, subject) = request.body.withUnsafeBytes { body -> (String, String?) in
            guard let index = try? JSONIndex(body) else { return ("<not JSON>", nil) }
            let type = index.member("type", of: index.root, in: body).flatMap { index.string($0, in: body) }
            let subject = index.member("subject", of: index.root, in: body).flatMap { index.string($0, in: body) }
            return (type ?? "<no type>", subject)
        }
        report(Received(webhookID: headers["webhook-id"] ?? "<none>", type: type, subject: subject, verified: verified))
        responder.respond(verified ? HTTPServerResponse(status: 204)
                                   : HTTPServerResponse.json(401, "{\"error\":\"invalid_signature\"}"))
    }
}
