// Writes heads and chunks as bytes. Appends UTF-8 views directly (no String interpolation,
// no intermediate Strings) so a response head costs no allocation beyond `out`'s growth.

/// Serializes HTTP/1.1 heads and chunked bodies into a byte array.
///
/// Header names must be tokens and values must not contain CR, LF, NUL or other CTLs except
/// HTAB (RFC 9110 §5.5; response splitting, RFC 9112 §11.1). Violations are programmer errors
/// and stop the process with a precondition failure: values taken from parsed messages can never
/// violate them, and callers forwarding other data check `isValidFieldName`/`isValidFieldValue`
/// first. Framing fields the caller left out are derived from the head: Content-Length or
/// `Transfer-Encoding: chunked` from `framing`, and `Connection: close` (1.1) or
/// `Connection: keep-alive` (1.0) from `keepAlive`.
public enum HTTP1Serializer {
    public static func writeResponseHead(_ head: HTTPResponseHead, into out: inout [UInt8]) {
        precondition((100...999).contains(head.status), "status code must be 3 digits")
        writeVersion(head.version, into: &out)
        out.append(HTTPBytes.sp)
        out.append(UInt8(truncatingIfNeeded: 0x30 + head.status / 100))
        out.append(UInt8(truncatingIfNeeded: 0x30 + head.status / 10 % 10))
        out.append(UInt8(truncatingIfNeeded: 0x30 + head.status % 10))
        out.append(HTTPBytes.sp)
        let reason = head.reason.isEmpty ? reasonPhrase(for: head.status) : head.reason
        precondition(isValidFieldValue(reason), "reason phrase contains CR, LF or a control byte")
        out.append(contentsOf: reason.utf8)
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
        // RFC 9110 §8.6 / §6.4.1: no framing fields on 1xx, 204 and 304.
        let bodyless = head.status < 200 || head.status == 204 || head.status == 304
        writeFields(head.headers, version: head.version, keepAlive: head.keepAlive,
                    framing: bodyless ? .none : head.framing, into: &out)
    }

    public static func writeRequestHead(_ head: HTTPRequestHead, into out: inout [UInt8]) {
        precondition(!head.method.rawValue.isEmpty && head.method.rawValue.utf8.allSatisfy(HTTPBytes.isTchar),
                     "method must be a token")
        // RFC 9112 §3.2: the target never holds whitespace or control bytes.
        precondition(!head.target.isEmpty && head.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F },
                     "request-target must be visible ASCII")
        out.append(contentsOf: head.method.rawValue.utf8)
        out.append(HTTPBytes.sp)
        out.append(contentsOf: head.target.utf8)
        out.append(HTTPBytes.sp)
        writeVersion(head.version, into: &out)
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
        writeFields(head.headers, version: head.version, keepAlive: head.keepAlive,
                    framing: head.framing, into: &out)
    }

    /// RFC 9112 §7.1: chunk-size in hex, CRLF, data, CRLF. An empty chunk writes nothing
    /// (a zero size would end the body).
    public static func writeChunk(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard bytes.count > 0 else { return }
        writeHex(bytes.count, into: &out)
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
        out.append(contentsOf: bytes)
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
    }

    /// RFC 9112 §7.1: last-chunk, trailer section (§7.1.2), final CRLF.
    public static func writeLastChunk(trailers: HTTPHeaders = HTTPHeaders(), into out: inout [UInt8]) {
        out.append(0x30)
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
        for field in trailers { writeField(field.name, field.value, into: &out) }
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
    }

    /// RFC 9110 §5.1 / §5.6.2: field-name = token.
    public static func isValidFieldName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8(isValidFieldName)
    }

    private static func isValidFieldName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(HTTPBytes.isTchar)
    }

    /// RFC 9110 §5.5: VCHAR, SP, HTAB and obs-text; never CR, LF, NUL or another CTL, and no
    /// leading or trailing whitespace (it would not survive a parse).
    public static func isValidFieldValue(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(isValidFieldValue)
    }

    private static func isValidFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.allSatisfy(HTTPBytes.isFieldValueByte) else { return false }
        guard let first = bytes.first, let last = bytes.last else { return true }
        return !HTTPBytes.isOWS(first) && !HTTPBytes.isOWS(last)
    }

    private static func writeVersion(_ version: HTTPVersion, into out: inout [UInt8]) {
        precondition((0...9).contains(version.major) && (0...9).contains(version.minor), "version digits")
        out.append(contentsOf: [0x48, 0x54, 0x54, 0x50, HTTPBytes.slash])
        out.append(UInt8(truncatingIfNeeded: 0x30 + version.major))
        out.append(0x2E)
        out.append(UInt8(truncatingIfNeeded: 0x30 + version.minor))
    }

    private static func writeFields(_ headers: HTTPHeaders, version: HTTPVersion, keepAlive: Bool,
                                    framing: HTTPBodyFraming, into out: inout [UInt8]) {
        var hasLength = false
        var hasTransferEncoding = false
        var hasConnection = false
        for field in headers {
            writeField(field.name, field.value, into: &out)
            // Only names starting with c/C or t/T can be framing fields: skip the compares otherwise.
            switch field.name.utf8.first.map({ $0 | 0x20 }) {
            case UInt8(ascii: "c"):
                if HTTPHeaders.namesEqual(field.name, "content-length") { hasLength = true }
                if HTTPHeaders.namesEqual(field.name, "connection") { hasConnection = true }
            case UInt8(ascii: "t"):
                if HTTPHeaders.namesEqual(field.name, "transfer-encoding") { hasTransferEncoding = true }
            default:
                break
            }
        }
        switch framing {
        case .contentLength(let length) where !hasLength && !hasTransferEncoding:
            writeField("Content-Length", decimal(length), into: &out)
        case .chunked where !hasTransferEncoding && !hasLength:
            writeField("Transfer-Encoding", "chunked", into: &out)
        default:
            break
        }
        // RFC 9112 §9.3 / §9.6: say when persistence differs from the version's default.
        if !hasConnection {
            let isHTTP11 = version.major == 1 && version.minor >= 1
            if isHTTP11 && !keepAlive { writeField("Connection", "close", into: &out) }
            if !isHTTP11 && keepAlive { writeField("Connection", "keep-alive", into: &out) }
        }
        out.append(HTTPBytes.cr)
        out.append(HTTPBytes.lf)
    }

    private static func writeField(_ name: String, _ value: String, into out: inout [UInt8]) {
        // Contiguous UTF-8 (no copy for native strings): one pass to check, one to copy.
        var name = name
        var value = value
        name.withUTF8 { name in
            value.withUTF8 { value in
                // RFC 9110 §5.5 / RFC 9112 §11.1: a CR or LF here would let data forge fields or a response.
                precondition(isValidFieldName(name), "field name is not a token")
                precondition(isValidFieldValue(value), "field value contains CR, LF, NUL or a control byte")
                out.append(contentsOf: name)
                out.append(HTTPBytes.colon)
                out.append(HTTPBytes.sp)
                out.append(contentsOf: value)
                out.append(HTTPBytes.cr)
                out.append(HTTPBytes.lf)
            }
        }
    }

    private static func writeHex(_ value: Int, into out: inout [UInt8]) {
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        while shift >= 0 {
            let nibble = UInt8(truncatingIfNeeded: value >> shift) & 0x0F
            out.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
            shift -= 4
        }
    }

    private static func decimal(_ value: Int) -> String { String(value) }
}
