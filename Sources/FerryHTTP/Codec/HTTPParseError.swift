// Parse errors carry a code and nothing else: the description is a static phrase and never
// contains input bytes (zero-retention product: requests may carry PHI).

/// Why an HTTP/1.1 message was rejected, and which status a server answers with.
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: UInt8, Hashable, Sendable {
        case invalidContentLength, multipleContentLength, contentLengthWithTransferEncoding
        case unsupportedTransferCoding, invalidTransferEncoding, chunkedNotFinal, transferEncodingInHTTP10
        case obsFold, bareCR, bareLF, whitespaceBeforeColon, invalidTokenCharacter, emptyFieldName
        case missingColon, invalidFieldValue, nulByte
        case chunkSizeTooLarge, invalidChunkSize, invalidChunkExtension, chunkLineTooLong, invalidChunkFraming
        case headTooLarge, tooManyHeaders, targetTooLong, bodyTooLarge
        case invalidRequestLine, invalidMethod, invalidTarget, invalidVersion, unsupportedVersion
        case tooManyEmptyLines, invalidStatusLine, unexpectedSwitchingProtocols
        case missingHost, multipleHost, invalidHost, truncated
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// RFC 9112 §6.3 (5): Content-Length that is not 1*DIGIT.
    public static let invalidContentLength = HTTPParseError(.invalidContentLength)
    /// RFC 9110 §8.6: more than one Content-Length (strict: identical copies are rejected too).
    public static let multipleContentLength = HTTPParseError(.multipleContentLength)
    /// RFC 9112 §6.3 (3): both framings present; rejected because it is the request-smuggling vector.
    public static let contentLengthWithTransferEncoding = HTTPParseError(.contentLengthWithTransferEncoding)
    /// RFC 9112 §6.1: a transfer coding other than chunked; servers answer 501.
    public static let unsupportedTransferCoding = HTTPParseError(.unsupportedTransferCoding)
    /// RFC 9112 §6.1: malformed Transfer-Encoding list, parameters on chunked, or chunked twice.
    public static let invalidTransferEncoding = HTTPParseError(.invalidTransferEncoding)
    /// RFC 9112 §6.3 (4): in a request, chunked is not the final coding.
    public static let chunkedNotFinal = HTTPParseError(.chunkedNotFinal)
    /// RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means the framing is faulty.
    public static let transferEncodingInHTTP10 = HTTPParseError(.transferEncodingInHTTP10)
    /// RFC 9112 §5.2: obsolete line folding (or whitespace before the first field, §2.2).
    public static let obsFold = HTTPParseError(.obsFold)
    /// RFC 9112 §2.2: a CR not followed by LF.
    public static let bareCR = HTTPParseError(.bareCR)
    /// RFC 9112 §2.2: an LF not preceded by CR (strict: never accepted as a line terminator).
    public static let bareLF = HTTPParseError(.bareLF)
    /// RFC 9112 §5.1: whitespace between a field name and the colon.
    public static let whitespaceBeforeColon = HTTPParseError(.whitespaceBeforeColon)
    /// RFC 9110 §5.6.2: a field name byte that is not a tchar.
    public static let invalidTokenCharacter = HTTPParseError(.invalidTokenCharacter)
    /// RFC 9110 §5.1: field-name = token, so it cannot be empty.
    public static let emptyFieldName = HTTPParseError(.emptyFieldName)
    /// RFC 9112 §5: a field line without a colon.
    public static let missingColon = HTTPParseError(.missingColon)
    /// RFC 9110 §5.5: a control byte in a field value, or a value that is not UTF-8 (strict).
    public static let invalidFieldValue = HTTPParseError(.invalidFieldValue)
    /// RFC 9110 §5.5: NUL anywhere in the head.
    public static let nulByte = HTTPParseError(.nulByte)
    /// RFC 9112 §7.1: chunk-size with more than 16 hex digits.
    public static let chunkSizeTooLarge = HTTPParseError(.chunkSizeTooLarge)
    /// RFC 9112 §7.1: chunk-size is not 1*HEXDIG.
    public static let invalidChunkSize = HTTPParseError(.invalidChunkSize)
    /// RFC 9112 §7.1.1: malformed chunk extension.
    public static let invalidChunkExtension = HTTPParseError(.invalidChunkExtension)
    /// RFC 9112 §7.1.1: a chunk line longer than HTTP1Limits.maxChunkLineBytes.
    public static let chunkLineTooLong = HTTPParseError(.chunkLineTooLong)
    /// RFC 9112 §7.1: chunk data not followed by exactly CRLF.
    public static let invalidChunkFraming = HTTPParseError(.invalidChunkFraming)
    /// RFC 6585 §5: the head (start line and fields) exceeds HTTP1Limits.maxHeadBytes.
    public static let headTooLarge = HTTPParseError(.headTooLarge)
    /// RFC 6585 §5: more fields than HTTP1Limits.maxHeaderCount.
    public static let tooManyHeaders = HTTPParseError(.tooManyHeaders)
    /// RFC 9110 §15.5.15: request-target longer than HTTP1Limits.maxTargetLength.
    public static let targetTooLong = HTTPParseError(.targetTooLong)
    /// RFC 9110 §15.5.14: body longer than HTTP1Limits.maxBodyBytes.
    public static let bodyTooLarge = HTTPParseError(.bodyTooLarge)
    /// RFC 9112 §3: request-line is not method SP request-target SP HTTP-version.
    public static let invalidRequestLine = HTTPParseError(.invalidRequestLine)
    /// RFC 9110 §9.1: method is not a token.
    public static let invalidMethod = HTTPParseError(.invalidMethod)
    /// RFC 9112 §3.2: request-target is not in a form allowed for its method.
    public static let invalidTarget = HTTPParseError(.invalidTarget)
    /// RFC 9112 §2.3: HTTP-version is not exactly "HTTP/" DIGIT "." DIGIT.
    public static let invalidVersion = HTTPParseError(.invalidVersion)
    /// RFC 9110 §15.6.6: a major version other than 1.
    public static let unsupportedVersion = HTTPParseError(.unsupportedVersion)
    /// RFC 9112 §2.2: more empty lines before a request-line than we tolerate.
    public static let tooManyEmptyLines = HTTPParseError(.tooManyEmptyLines)
    /// RFC 9112 §4: status-line is not HTTP-version SP 3DIGIT SP reason-phrase.
    public static let invalidStatusLine = HTTPParseError(.invalidStatusLine)
    /// RFC 9110 §15.2.2: 101 without having asked to upgrade.
    public static let unexpectedSwitchingProtocols = HTTPParseError(.unexpectedSwitchingProtocols)
    /// RFC 9112 §3.2: an HTTP/1.1 request without Host.
    public static let missingHost = HTTPParseError(.missingHost)
    /// RFC 9112 §3.2: more than one Host field line.
    public static let multipleHost = HTTPParseError(.multipleHost)
    /// RFC 9112 §3.2: Host is not uri-host [ ":" port ].
    public static let invalidHost = HTTPParseError(.invalidHost)
    /// RFC 9112 §8: the connection closed before the message was complete.
    public static let truncated = HTTPParseError(.truncated)

    /// The status a server answers with before closing the connection.
    public var status: Int {
        switch code {
        case .bodyTooLarge: 413
        case .targetTooLong: 414
        case .headTooLarge, .tooManyHeaders: 431
        case .unsupportedTransferCoding: 501
        case .unsupportedVersion: 505
        default: 400
        }
    }

    public var description: String {
        switch code {
        case .invalidContentLength: "invalid Content-Length"
        case .multipleContentLength: "more than one Content-Length"
        case .contentLengthWithTransferEncoding: "Content-Length with Transfer-Encoding"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .invalidTransferEncoding: "invalid Transfer-Encoding"
        case .chunkedNotFinal: "chunked is not the final transfer coding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in HTTP/1.0"
        case .obsFold: "obsolete line folding"
        case .bareCR: "bare CR"
        case .bareLF: "bare LF"
        case .whitespaceBeforeColon: "whitespace before colon"
        case .invalidTokenCharacter: "invalid character in field name"
        case .emptyFieldName: "empty field name"
        case .missingColon: "field line without colon"
        case .invalidFieldValue: "invalid field value"
        case .nulByte: "NUL byte"
        case .chunkSizeTooLarge: "chunk size too large"
        case .invalidChunkSize: "invalid chunk size"
        case .invalidChunkExtension: "invalid chunk extension"
        case .chunkLineTooLong: "chunk line too long"
        case .invalidChunkFraming: "invalid chunk framing"
        case .headTooLarge: "head too large"
        case .tooManyHeaders: "too many header fields"
        case .targetTooLong: "request-target too long"
        case .bodyTooLarge: "body too large"
        case .invalidRequestLine: "invalid request-line"
        case .invalidMethod: "invalid method"
        case .invalidTarget: "invalid request-target"
        case .invalidVersion: "invalid HTTP version"
        case .unsupportedVersion: "HTTP version not supported"
        case .tooManyEmptyLines: "too many empty lines before request-line"
        case .invalidStatusLine: "invalid status-line"
        case .unexpectedSwitchingProtocols: "unexpected 101 Switching Protocols"
        case .missingHost: "missing Host"
        case .multipleHost: "more than one Host"
        case .invalidHost: "invalid Host"
        case .truncated: "message truncated"
        }
    }
}
