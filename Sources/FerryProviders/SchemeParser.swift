/// Reads the `signature` object of a descriptor into a ``SignatureScheme``.
enum SchemeParser {
    static let defaultTolerance: Int64 = 300

    static func scheme(_ value: Any?, reader: inout DescriptorReader) -> SignatureScheme? {
        let path = "$.signature"
        let allowed: Set<String> = ["kind", "header", "algorithm", "encoding", "prefix", "format", "timestampKey",
                                    "signatureKey", "timestampHeader", "signedPayload", "toleranceSeconds", "headerPrefix"]
        guard let object = reader.object(value, at: path, allowed: allowed) else { return nil }
        switch reader.string(object, "kind", at: path) {
        case "hmac":
            return hmacParameters(object, at: path, reader: &reader).map(SignatureScheme.hmac)
        case "timestamped-hmac":
            return timestamped(object, at: path, reader: &reader).map(SignatureScheme.timestampedHMAC)
        case "standard-webhooks":
            let prefix = reader.string(object, "headerPrefix", at: path, required: false) ?? "webhook-"
            let tolerance = reader.integer(object, "toleranceSeconds", at: path, in: 1...86_400) ?? Int(defaultTolerance)
            return .standardWebhooks(headerPrefix: prefix.lowercased(), tolerance: Int64(tolerance))
        case "static-token":
            guard let header = reader.headerName(reader.string(object, "header", at: path), at: "\(path).header") else { return nil }
            let prefix = object["prefix"] as? String ?? ""
            return .staticToken(header: header, prefix: prefix)
        case nil:
            return nil
        case let other?:
            reader.fail("\(path).kind", "unknown kind \"\(other)\" (hmac, timestamped-hmac, standard-webhooks, static-token)")
            return nil
        }
    }

    static func hmacParameters(_ object: [String: Any], at path: String,
                               reader: inout DescriptorReader) -> SignatureScheme.HMACParameters? {
        let header = reader.headerName(reader.string(object, "header", at: path), at: "\(path).header")
        let algorithmText = reader.string(object, "algorithm", at: path)
        let algorithm = algorithmText.flatMap(SignatureScheme.Algorithm.init(rawValue:))
        if algorithmText != nil && algorithm == nil { reader.fail("\(path).algorithm", "must be sha1, sha256 or sha512") }
        let encodingText = reader.string(object, "encoding", at: path)
        let encoding = encodingText.flatMap(SignatureScheme.Encoding.init(rawValue:))
        if encodingText != nil && encoding == nil { reader.fail("\(path).encoding", "must be hex, base64 or base64url") }
        let prefix = object["prefix"] as? String ?? ""
        guard let header, let algorithm, let encoding else { return nil }
        return SignatureScheme.HMACParameters(header: header, algorithm: algorithm, encoding: encoding, prefix: prefix)
    }

    static func timestamped(_ object: [String: Any], at path: String,
                            reader: inout DescriptorReader) -> SignatureScheme.TimestampedParameters? {
        let mac = hmacParameters(object, at: path, reader: &reader)
        var format: SignatureScheme.TimestampedParameters.Format?
        switch reader.string(object, "format", at: path) {
        case "list":
            format = .list(timestampKey: reader.string(object, "timestampKey", at: path, required: false) ?? "t",
                           signatureKey: reader.string(object, "signatureKey", at: path, required: false) ?? "v1")
        case "separate":
            if let header = reader.headerName(reader.string(object, "timestampHeader", at: path), at: "\(path).timestampHeader") {
                format = .separate(timestampHeader: header)
            }
        case nil:
            break
        case let other?:
            reader.fail("\(path).format", "unknown format \"\(other)\" (list, separate)")
        }
        let payload = reader.string(object, "signedPayload", at: path).flatMap {
            signedPayload($0, at: "\(path).signedPayload", reader: &reader)
        }
        let tolerance = reader.integer(object, "toleranceSeconds", at: path, in: 1...86_400) ?? Int(defaultTolerance)
        guard let mac, let format, let payload else { return nil }
        return SignatureScheme.TimestampedParameters(mac: mac, format: format, signedPayload: payload,
                                                     tolerance: Int64(tolerance))
    }

    /// Splits `"v0:{timestamp}:{body}"` into literal and placeholder parts; `{body}` must appear once.
    static func signedPayload(_ text: String, at path: String, reader: inout DescriptorReader) -> [SignatureScheme.PayloadPart]? {
        var parts: [SignatureScheme.PayloadPart] = []
        var rest = Substring(text)
        var bodies = 0
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(Array(rest[..<open].utf8))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                reader.fail(path, "has an unclosed '{'")
                return nil
            }
            switch rest[rest.index(after: open)..<close] {
            case "timestamp": parts.append(.timestamp)
            case "body":
                parts.append(.body)
                bodies += 1
            default:
                reader.fail(path, "only {timestamp} and {body} may appear")
                return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(Array(rest.utf8))) }
        guard bodies == 1, parts.contains(.timestamp) else {
            reader.fail(path, "must contain {timestamp} and exactly one {body}")
            return nil
        }
        return parts
    }
}
