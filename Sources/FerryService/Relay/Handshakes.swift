internal import FerryDelivery
internal import FerryHTTP
internal import FerryJSON
internal import FerryProviders

/// Verification handshakes a provider sends instead of an event (DESIGN.md, Inbound).
enum Handshakes {
    /// `echo-query`: e.g. DrChrono's `GET ?msg=<token>` → 200 with the token. Sent
    /// unsigned by providers that use it, so it is answered before verification; it
    /// echoes only the caller's own query value, never any stored data.
    static func answerBeforeVerification(_ request: HTTPServerRequest, provider: ProviderDescriptor) -> HTTPServerResponse? {
        for case .echoQuery(let method, let parameter) in provider.handshakes where request.head.method.rawValue == method {
            guard let value = queryValue(parameter, in: request.head.target) else { continue }
            return HTTPServerResponse(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8",
                                                            "X-Content-Type-Options": "nosniff"],
                                      body: Array(value.utf8))
        }
        return nil
    }

    /// `json-challenge`: a signed body whose `when` pointer equals the given value (Slack-style
    /// `url_verification`) → 200 `{"challenge": <echo>}`.
    static func answerAfterVerification(_ delivery: VerifiedDelivery) -> HTTPServerResponse? {
        for case .jsonChallenge(let whenPointer, let equals, let echoPointer) in delivery.provider.handshakes {
            let answer = delivery.body.withUnsafeBytes { body -> HTTPServerResponse? in
                guard let index = try? JSONIndex(body),
                      let when = (try? JSONPointer(whenPointer)).flatMap({ index.lookup($0, in: body) }),
                      index.string(when, in: body) == equals,
                      let echo = (try? JSONPointer(echoPointer)).flatMap({ index.lookup($0, in: body) }),
                      let challenge = index.string(echo, in: body) else { return nil }
                var writer = JSONWriter(capacity: challenge.utf8.count + 16)
                writer.beginObject()
                writer.key("challenge")
                writer.string(challenge)
                writer.endObject()
                return HTTPServerResponse(status: 200, headers: ["Content-Type": "application/json"], body: writer.bytes)
            }
            if let answer { return answer }
        }
        return nil
    }

    /// The first value of `name` in the target's query, percent-decoded (RFC 3986 §2.1);
    /// `+` is kept as is (this is not a form body).
    static func queryValue(_ name: String, in target: String) -> String? {
        guard let questionMark = target.firstIndex(of: "?") else { return nil }
        for pair in target[target.index(after: questionMark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return percentDecoded(parts[1])
        }
        return nil
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}
