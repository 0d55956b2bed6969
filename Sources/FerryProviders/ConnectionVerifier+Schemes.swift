internal import FerryCrypto
internal import FerryHTTP

extension ConnectionVerifier {
    typealias Found = Result<(timestamp: Int64?, messageID: String?), VerificationFailure>

    /// `hmac`: HMAC of the raw body in one header (e.g. Medplum `X-Signature`, GitHub-style `sha256=`).
    func verifyBodyMAC(_ parameters: SignatureScheme.HMACParameters, headers: HTTPHeaders, body: [UInt8]) -> Found {
        guard let value = singleHeader(parameters.header, in: headers) else { return .failure(.missingSignature) }
        guard let provided = decodeSignature(value, prefix: parameters.prefix, encoding: parameters.encoding) else {
            return .failure(.malformedSignature)
        }
        let matched = body.withUnsafeBytes { body in
            anyKeyMatches(provided) { key in key.authenticationCode(for: body) }
        }
        return matched ? .success((nil, nil)) : .failure(.mismatch)
    }

    /// `timestamped-hmac`: Stripe/Calendly `t=…,v1=…` lists or Slack-style separate headers.
    func verifyTimestamped(_ parameters: SignatureScheme.TimestampedParameters, headers: HTTPHeaders,
                           body: [UInt8], now: Int64) -> Found {
        guard let value = singleHeader(parameters.mac.header, in: headers) else { return .failure(.missingSignature) }
        var timestampText: Substring?
        var signatures: [Substring] = []
        switch parameters.format {
        case .list(let timestampKey, let signatureKey):
            // `t=1700000000,v1=abc,v1=def`: several signatures appear during secret rotation
            // (Stripe, "Verify webhook signatures manually"; Calendly uses the same shape).
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = item.firstIndex(of: "=") else { return .failure(.malformedSignature) }
                let key = item[..<equals].trimmingSpaces
                let itemValue = item[item.index(after: equals)...].trimmingSpaces
                if key == timestampKey {
                    guard timestampText == nil else { return .failure(.malformedSignature) }
                    timestampText = itemValue
                } else if key == signatureKey {
                    signatures.append(itemValue)
                }
            }
        case .separate(let timestampHeader):
            guard let text = singleHeader(timestampHeader, in: headers) else { return .failure(.missingTimestamp) }
            timestampText = Substring(text)
            signatures = [Substring(value)]
        }
        guard let timestampText else { return .failure(.missingTimestamp) }
        guard let timestamp = Self.parseUnixSeconds(timestampText) else { return .failure(.malformedSignature) }
        guard abs(now - timestamp) <= parameters.tolerance else { return .failure(.staleTimestamp) }
        guard !signatures.isEmpty else { return .failure(.missingSignature) }
        let decoded = signatures.compactMap {
            decodeSignature(String($0), prefix: parameters.mac.prefix, encoding: parameters.mac.encoding)
        }
        guard !decoded.isEmpty else { return .failure(.malformedSignature) }
        let timestampBytes = Array(timestampText.utf8)
        let matched = body.withUnsafeBytes { body in
            decoded.contains { provided in
                anyKeyMatches(provided) { key in
                    // Stream the template's pieces into the MAC: the body is never copied.
                    key.begin()
                    for part in parameters.signedPayload {
                        switch part {
                        case .literal(let bytes): key.update(bytes)
                        case .timestamp: key.update(timestampBytes)
                        case .body: key.update(body)
                        }
                    }
                    return key.finish()
                }
            }
        }
        return matched ? .success((timestamp, nil)) : .failure(.mismatch)
    }

    /// Standard Webhooks (standardwebhooks.com spec, "Verifying webhooks"): signed content is
    /// `{webhook-id}.{webhook-timestamp}.{body}`; `webhook-signature` is a space-separated list
    /// of `v1,<base64 HMAC-SHA256>` and `v1a,<base64 Ed25519>`; tolerance 5 minutes by default.
    func verifyStandardWebhooks(prefix: String, tolerance: Int64, headers: HTTPHeaders, body: [UInt8], now: Int64) -> Found {
        guard let id = singleHeader(prefix + "id", in: headers), !id.isEmpty else { return .failure(.missingSignature) }
        guard let timestampText = singleHeader(prefix + "timestamp", in: headers) else { return .failure(.missingTimestamp) }
        guard let signatureList = singleHeader(prefix + "signature", in: headers) else { return .failure(.missingSignature) }
        guard let timestamp = Self.parseUnixSeconds(Substring(timestampText)) else { return .failure(.malformedSignature) }
        guard abs(now - timestamp) <= tolerance else { return .failure(.staleTimestamp) }
        var macs: [[UInt8]] = []
        var edSignatures: [[UInt8]] = []
        for entry in signatureList.split(separator: " ") {
            guard let comma = entry.firstIndex(of: ",") else { continue }
            let version = entry[..<comma]
            // Unknown versions are skipped, as the spec asks, so new ones can be added later.
            guard let bytes = try? Base64.decode(String(entry[entry.index(after: comma)...])) else { continue }
            if version == "v1" { macs.append(bytes) } else if version == "v1a" { edSignatures.append(bytes) }
        }
        guard !macs.isEmpty || !edSignatures.isEmpty else { return .failure(.malformedSignature) }
        let idBytes = Array(id.utf8)
        let timestampBytes = Array(timestampText.utf8)
        let dot: [UInt8] = [0x2E]
        let matched = body.withUnsafeBytes { body -> Bool in
            for key in keys {
                switch key {
                case .mac(let mac):
                    mac.begin()
                    mac.update(idBytes)
                    mac.update(dot)
                    mac.update(timestampBytes)
                    mac.update(dot)
                    mac.update(body)
                    let expected = mac.finish()
                    if macs.contains(where: { constantTimeEquals($0, expected) }) { return true }
                case .ed25519(let publicKey):
                    guard !edSignatures.isEmpty else { continue }
                    let signed = idBytes + dot + timestampBytes + dot + Array(body)
                    if edSignatures.contains(where: { publicKey.isValidSignature($0, for: signed) }) { return true }
                case .token:
                    continue
                }
            }
            return false
        }
        return matched ? .success((timestamp, id)) : .failure(.mismatch)
    }

    /// `static-token`: the header value (after `prefix`) equals a secret, compared in constant time.
    func verifyToken(header: String, prefix: String, headers: HTTPHeaders) -> Found {
        guard let value = singleHeader(header, in: headers) else { return .failure(.missingSignature) }
        guard value.hasPrefix(prefix) else { return .failure(.malformedSignature) }
        let provided = Array(value.utf8.dropFirst(prefix.utf8.count))
        for case .token(let secret) in keys {
            let equal = secret.withUnsafeBytes { secret in provided.withUnsafeBytes { constantTimeEquals($0, secret) } }
            if equal { return .success((nil, nil)) }
        }
        return .failure(.mismatch)
    }

    // MARK: Helpers

    /// The header's value when it appears exactly once; a repeated signature header is
    /// ambiguous (which one did the sender mean?) and treated as missing.
    func singleHeader(_ name: String, in headers: HTTPHeaders) -> String? {
        let values = headers.values(for: name)
        return values.count == 1 ? values[0] : nil
    }

    func decodeSignature(_ value: String, prefix: String, encoding: SignatureScheme.Encoding) -> [UInt8]? {
        guard value.hasPrefix(prefix) else { return nil }
        let text = String(value.dropFirst(prefix.count))
        switch encoding {
        case .hex: return try? Hex.decode(text)
        case .base64: return try? Base64.decode(text)
        case .base64url: return try? Base64URL.decode(text)
        }
    }

    /// True when some MAC key's code equals `provided` (constant-time per comparison).
    func anyKeyMatches(_ provided: [UInt8], code: (HMACKey) -> [UInt8]) -> Bool {
        var matched = false
        for case .mac(let key) in keys where constantTimeEquals(code(key), provided) {
            matched = true
        }
        return matched
    }

    /// Unix seconds: 1 to 12 ASCII digits, nothing else.
    static func parseUnixSeconds(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }
}

/// Standard Webhooks key formats: `whsec_<base64>` (HMAC) and `whpk_<base64>` (Ed25519 public key).
enum StandardWebhooksKey {
    static func decode(_ secret: Secret) -> ConnectionVerifier.Key? {
        // Work on the secret's bytes in place: a String copy of a secret could not be wiped.
        secret.withUnsafeBytes { raw -> ConnectionVerifier.Key? in
            if raw.starts(with: "whsec_".utf8),
               var bytes = try? Base64.decode(UnsafeRawBufferPointer(rebasing: raw[6...])) {
                defer { secureWipe(&bytes) }
                return (try? HMACKey(key: bytes, hash: .sha256)).map(ConnectionVerifier.Key.mac)
            }
            if raw.starts(with: "whpk_".utf8),
               let bytes = try? Base64.decode(UnsafeRawBufferPointer(rebasing: raw[5...])) {
                return (try? Ed25519PublicKey(rawRepresentation: bytes)).map(ConnectionVerifier.Key.ed25519)
            }
            return nil
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (RFC 9110 §5.6.3 OWS).
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
