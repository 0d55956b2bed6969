public import FerryDelivery
internal import FerryEvents
public import FerryHTTP
internal import FerryIO
internal import FerryProviders

/// The relay's request path on one event loop: route, verify, normalize, forward, answer
/// (DESIGN.md, "The path of one webhook"). One instance per loop; no locks on this path
/// except the shared delivery ledger's shard.
public final class RelayHandler: HTTPServerHandler {
    private let snapshot: RelaySnapshot
    private let shared: RelayShared
    private let forwarder: Forwarder
    /// Per-loop verifiers (they hold keyed HMAC contexts), built on first use.
    private var verifiers: [String: ConnectionVerifier] = [:]
    private var traceIDs = TraceIDGenerator()
    /// Fan-outs under way on this loop; past `maxInFlight` new webhooks get 503 at once
    /// instead of piling up (nothing is queued: the provider retries later).
    private var inFlight = 0
    private let maxInFlight: Int

    public init(snapshot: RelaySnapshot, shared: RelayShared, forwarder: Forwarder, maxInFlight: Int = 4096) {
        self.snapshot = snapshot
        self.shared = shared
        self.forwarder = forwarder
        self.maxInFlight = maxInFlight
    }

    public func handle(_ request: HTTPServerRequest, responder: HTTPResponder) {
        let route = RelayRoute(target: request.head.target)
        switch route {
        case .health:
            return responder.respond(HealthService.answer(for: request.head))
        case .notFound:
            return responder.respond(UpstreamAnswer.error(404, "not_found"))
        case .hook(let providerID, let connectionID):
            guard let connection = snapshot.connections[connectionID], connection.provider.id == providerID else {
                // Same answer for an unknown provider and an unknown connection: no enumeration.
                return responder.respond(UpstreamAnswer.error(404, "not_found"))
            }
            relay(request, to: connection, responder: responder)
        }
    }

    private func relay(_ request: HTTPServerRequest, to connection: RelaySnapshot.Connection, responder: HTTPResponder) {
        let provider = connection.provider
        if let answer = Handshakes.answerBeforeVerification(request, provider: provider) {
            return responder.respond(answer)
        }
        guard request.head.method == .POST else {
            var answer = UpstreamAnswer.error(405, "method_not_allowed")
            answer.headers.add(name: "Allow", value: "POST")
            return responder.respond(answer)
        }
        guard Self.mediaType(request.head.headers["Content-Type"], isOneOf: provider.contentTypes) else {
            return responder.respond(UpstreamAnswer.error(415, "unsupported_media_type"))
        }
        let now = shared.clock()
        let verification = verifier(for: connection).verify(headers: request.head.headers, body: request.body, now: now)
        let delivery: VerifiedDelivery
        switch verification {
        case .success(let verified):
            delivery = verified
        case .failure(let failure):
            Log.info("signature rejected", metadata: ["provider": provider.id, "connection": connection.id,
                                                      "reason": failure.rawValue])
            return responder.respond(UpstreamAnswer.error(401, "invalid_signature"))
        }
        if let answer = Handshakes.answerAfterVerification(delivery) {
            return responder.respond(answer)
        }
        let event: UnifiedEvent
        do {
            event = try snapshot.normalizer.normalize(delivery, receivedAt: now,
                                                      traceparent: TraceContext.next(after: request.head.headers["traceparent"],
                                                                                     using: &traceIDs))
        } catch {
            return responder.respond(UpstreamAnswer.error(400, error.reason))
        }
        forward(event, connection: connection, now: now, responder: responder)
    }

    private func forward(_ event: UnifiedEvent, connection: RelaySnapshot.Connection, now: Int64, responder: HTTPResponder) {
        let candidates = snapshot.subscriptionsByConnection[connection.id] ?? []
        let wanted = candidates.filter { $0.wants(event.type) && !shared.disabled.contains($0.id) }
        guard inFlight < maxInFlight else {
            return responder.respond(UpstreamAnswer.unavailable("overloaded", retryAfter: 1))
        }
        // Open circuits: a required subscription fails fast with 503 and Retry-After (no
        // request to a subscriber that keeps failing); an optional one is skipped.
        var chosen: [Subscription] = []
        chosen.reserveCapacity(wanted.count)
        for subscription in wanted {
            switch shared.circuits.decide(subscription.id, now: now) {
            case .attempt:
                chosen.append(subscription)
            case .reject(let retryAfter) where subscription.required:
                return responder.respond(UpstreamAnswer.unavailable("circuit_open", retryAfter: retryAfter,
                                                                    subscription: subscription.id))
            case .reject:
                continue
            }
        }
        let skipped = candidates.count - chosen.count
        guard !chosen.isEmpty else {
            return responder.respond(UpstreamAnswer.after(eventID: event.id, connection: connection.id,
                                                          outcomes: [], skipped: skipped))
        }
        switch shared.ledger.begin(event.id, now: now) {
        case .alreadyDelivered:
            // The provider's replay of a delivered message: 200 again, no second delivery.
            return responder.respond(UpstreamAnswer.after(eventID: event.id, connection: connection.id,
                                                          outcomes: [], skipped: skipped, duplicate: true))
        case .inFlight:
            return responder.respond(UpstreamAnswer.unavailable("in_flight", retryAfter: 1))
        case .deliver:
            break
        }
        // One deadline for every delivery, inside the provider's own timeout (80 % leaves
        // room for our answer to reach it).
        let budget = connection.provider.providerTimeout.nanoseconds / 5 * 4
        let deadline = forwarder.loop.now &+ budget
        let started = forwarder.loop.now
        let ledger = shared.ledger
        let circuits = shared.circuits
        let clock = shared.clock
        inFlight += 1
        // `self` is strong: the handler lives as long as its loop's server (a weak capture
        // would only add a side table to a hot object).
        forwarder.deliver(event, to: chosen, deadline: deadline, timestamp: now) { [forwarder] outcomes in
            self.inFlight -= 1
            let finished = clock()
            for outcome in outcomes { circuits.record(outcome.subscription, outcome: outcome.outcome, now: finished) }
            let delivered = outcomes.allSatisfy { !$0.required || $0.outcome.isSuccess }
            ledger.finish(event.id, delivered: delivered, now: finished)
            let answer = UpstreamAnswer.after(eventID: event.id, connection: connection.id, outcomes: outcomes, skipped: skipped)
            // Metadata only. Successes are debug-level: one log write per webhook would cost
            // more than the relay itself; failures are always told.
            // Every delivery is over: the outbound event's bytes are dead (DESIGN.md, zero retention).
            wipeSharedStorage(of: event.json)
            guard answer.status != 200 || Log.isEnabled(.debug) else { return responder.respond(answer) }
            let metadata: KeyValuePairs<String, String> = [
                "provider": connection.provider.id, "connection": connection.id, "event": event.id,
                "type": event.type, "status": "\(answer.status)", "subscriptions": "\(outcomes.count)",
                "latency_us": "\((forwarder.loop.now &- started) / 1000)",
            ]
            if answer.status == 200 {
                Log.debug("relayed", metadata: metadata)
            } else {
                Log.warning("relay failed upstream", metadata: metadata)
            }
            responder.respond(answer)
        }
    }

    private func verifier(for connection: RelaySnapshot.Connection) -> ConnectionVerifier {
        if let verifier = verifiers[connection.id] { return verifier }
        let verifier = ConnectionVerifier(provider: connection.provider, connectionID: connection.id,
                                          secrets: connection.secrets)
        verifiers[connection.id] = verifier
        return verifier
    }

    /// Whether `value`'s media type (parameters ignored, ASCII case-insensitive, RFC 9110
    /// §8.3.1) is one of `allowed` (lowercase). Compares bytes without allocating.
    static func mediaType(_ value: String?, isOneOf allowed: [String]) -> Bool {
        guard var value else { return false }
        return value.withUTF8 { bytes in
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            var start = 0
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            let type = UnsafeBufferPointer(rebasing: bytes[start..<end])
            return allowed.contains { candidate in
                candidate.utf8.count == type.count
                    && zip(candidate.utf8, type).allSatisfy { expected, byte in
                        expected == (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    }
            }
        }
    }
}

/// Where a request target leads.
enum RelayRoute: Equatable {
    case health
    case hook(provider: String, connection: String)
    case notFound

    /// `/hooks/{provider}/{connection}` (query ignored), `/healthz`, or nothing. Works on the
    /// target's UTF-8 bytes: this runs for every request.
    init(target: String) {
        var target = target
        self = target.withUTF8 { bytes -> RelayRoute in
            let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
            let path = UnsafeBufferPointer(rebasing: bytes[0..<end])
            if path.elementsEqual("/healthz".utf8) { return .health }
            let prefix = "/hooks/".utf8
            guard path.count > prefix.count, path.starts(with: prefix) else { return .notFound }
            let rest = UnsafeBufferPointer(rebasing: path[prefix.count...])
            guard let slash = rest.firstIndex(of: UInt8(ascii: "/")), slash > 0, slash < rest.count - 1,
                  !rest[(slash + 1)...].contains(UInt8(ascii: "/")) else { return .notFound }
            return .hook(provider: String(decoding: UnsafeBufferPointer(rebasing: rest[..<slash]), as: UTF8.self),
                         connection: String(decoding: UnsafeBufferPointer(rebasing: rest[(slash + 1)...]), as: UTF8.self))
        }
    }
}
