public import FerryHTTP
internal import FerryJSON

/// The answer the provider gets, exactly per DESIGN.md's upstream-answer table.
///
/// Bodies are small JSON with ids and statuses only, never payload bytes. Never 410:
/// a subscriber's 410 is reported as a failure (many providers drop the whole endpoint
/// on 410).
public enum UpstreamAnswer {
    /// The answer after a fan-out. Only required subscriptions decide the status.
    /// Precedence: any rate-limited → 429; else any failure → 504 when every failure was
    /// a timeout, otherwise 502; else 200.
    /// `duplicate` marks the answer to a replay of an event already delivered (nothing was
    /// forwarded again).
    public static func after(eventID: String, connection: String, outcomes: [SubscriptionOutcome],
                             skipped: Int, duplicate: Bool = false) -> HTTPServerResponse {
        let required = outcomes.filter(\.required)
        let failures = required.filter { !$0.outcome.isSuccess }
        if failures.isEmpty {
            let delivered = outcomes.filter(\.outcome.isSuccess).count
            return json(200) { writer in
                writer.key("id"); writer.string(eventID)
                writer.key("delivered"); writer.number(Int64(delivered))
                writer.key("skipped"); writer.number(Int64(skipped))
                if duplicate {
                    writer.key("duplicate"); writer.bool(true)
                }
            }
        }
        let limited = failures.compactMap { failure -> (String, RateLimit)? in
            if case .rateLimited(let limit) = failure.outcome { return (failure.subscription, limit) }
            return nil
        }
        if let (subscription, first) = limited.first {
            // The longest wait among the limited subscribers: retrying sooner fails again.
            var limit = first
            limit.retryAfter = limited.map(\.1.retryAfter).max() ?? first.retryAfter
            var response = json(429) { writer in
                writer.key("error"); writer.string("rate_limited")
                writer.key("subscription"); writer.string(subscription)
                writer.key("connection"); writer.string(connection)
            }
            for (name, value) in limit.responseHeaders { response.headers.add(name: name, value: value) }
            return response
        }
        let allTimeouts = failures.allSatisfy { $0.outcome == .timedOut }
        return json(allTimeouts ? 504 : 502) { writer in
            writer.key("error"); writer.string("delivery_failed")
            writer.key("id"); writer.string(eventID)
            writer.key("failures")
            writer.beginArray()
            for failure in failures {
                writer.beginObject()
                writer.key("subscription"); writer.string(failure.subscription)
                switch failure.outcome {
                case .failed(let status, let reason):
                    writer.key("status")
                    if let status { writer.number(Int64(status)) } else { writer.null() }
                    writer.key("reason"); writer.string(reason)
                case .timedOut:
                    writer.key("status"); writer.null()
                    writer.key("reason"); writer.string("timeout")
                case .gone:
                    writer.key("status"); writer.number(410)
                    writer.key("reason"); writer.string("subscription_disabled")
                case .delivered, .rateLimited:
                    break
                }
                writer.endObject()
            }
            writer.endArray()
        }
    }

    /// `{"error": reason}` with `status` (401, 404, 400, 413, 415, …).
    public static func error(_ status: Int, _ reason: String) -> HTTPServerResponse {
        json(status) { writer in
            writer.key("error"); writer.string(reason)
        }
    }

    /// 503 with `Retry-After`: overloaded, a subscription's circuit is open, or the same
    /// event is still being delivered.
    public static func unavailable(_ reason: String, retryAfter: Int, subscription: String? = nil) -> HTTPServerResponse {
        var response = json(503) { writer in
            writer.key("error"); writer.string("unavailable")
            writer.key("reason"); writer.string(reason)
            if let subscription {
                writer.key("subscription"); writer.string(subscription)
            }
        }
        response.headers.add(name: "Retry-After", value: String(retryAfter))
        return response
    }

    private static func json(_ status: Int, _ fields: (inout JSONWriter) -> Void) -> HTTPServerResponse {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        fields(&writer)
        writer.endObject()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-store")
        return HTTPServerResponse(status: status, headers: headers, body: writer.bytes)
    }
}
