public import FerryHTTP
public import FerryIO
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket for tests that speak HTTP/1.1 byte by byte: the client side of
/// server tests, and the accepted side of a ``RawTCPServer``.
///
/// Every read is bounded (`SO_RCVTIMEO`), so a test that expects bytes that never come
/// fails with ``RawHTTPError/timedOut`` instead of hanging. Bytes read past one message
/// stay buffered for the next call (pipelined answers). Not thread-safe: one thread uses it.
public final class RawHTTPConnection {
    /// The socket descriptor (-1 once closed).
    public private(set) var fd: Int32
    private var buffered: [UInt8] = []
    private var sawEndOfStream = false
    // Generous limits: tests check what the peer sent, not the codec's defaults.
    private var responseParser = HTTP1ResponseParser(limits: RawHTTPConnection.limits)
    private var requestParser = HTTP1RequestParser(limits: RawHTTPConnection.limits)
    private static let limits = HTTP1Limits(maxHeadBytes: 256 * 1024, maxHeaderCount: 1_000,
                                            maxTargetLength: 64 * 1024, maxBodyBytes: 256 << 20)

    /// Connects (blocking) to `address`.
    public init(connectingTo address: SocketAddress) throws(SystemError) {
        fd = try Syscall.socket(domain: address.family, type: Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue))
        do {
            _ = try Syscall.connect(fd, address)
        } catch {
            Syscall.close(fd)
            throw error
        }
        Socket.setNoDelay(fd)
    }

    /// Takes ownership of an accepted, blocking descriptor.
    init(acceptedFD: Int32) {
        fd = acceptedFD
        Socket.setNoDelay(fd)
    }

    deinit { close() }

    /// Closes the socket; later reads report end of stream.
    public func close() {
        guard fd >= 0 else { return }
        Syscall.close(fd)
        fd = -1
    }

    /// Sends a FIN: the peer reads end of stream, and this side can still read.
    public func shutdownWrite() {
        Socket.shutdownWrite(fd)
    }

    /// Shuts both directions down without closing the descriptor, which wakes a thread
    /// blocked reading it (used by ``RawTCPServer/stop()``).
    func shutdownBoth() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    // MARK: Sending

    /// Sends every byte (`MSG_NOSIGNAL`: a peer that closed yields an error, not SIGPIPE).
    public func send(_ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let start = offset
            let result = bytes.withUnsafeBytes { all in
                Result { () throws(SystemError) in try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: all[start...])) }
            }
            switch try result.get() {
            case .processed(let n): offset += n
            case .wouldBlock: throw SystemError(call: "send", errno: EAGAIN)
            }
        }
    }

    /// Sends `text` as UTF-8.
    public func send(_ text: String) throws(SystemError) {
        try send(Array(text.utf8))
    }

    // MARK: Receiving

    /// Everything received (including what earlier calls left buffered) until the peer
    /// closes or `timeout` passes.
    public func readAll(timeout: Duration = .seconds(2)) -> [UInt8] {
        let end = ContinuousClock.now.advanced(by: timeout)
        while !sawEndOfStream, (try? receive(until: end)) != nil {}
        defer { buffered = [] }
        return buffered
    }

    /// True when the peer closes (or resets) the connection within `timeout`. Bytes that
    /// arrive meanwhile are kept for later reads.
    public func isClosedByPeer(within timeout: Duration = .milliseconds(500)) -> Bool {
        let end = ContinuousClock.now.advanced(by: timeout)
        while !sawEndOfStream {
            do {
                try receive(until: end)
            } catch .timedOut {
                return false
            } catch {
                return true
            }
        }
        return true
    }

    /// Reads one complete response. An interim (1xx) response is returned on its own; call
    /// again for the final one. Pass `toHEAD` when the request was HEAD (no body follows).
    public func readResponse(toHEAD: Bool = false, timeout: Duration = .seconds(5)) throws(RawHTTPError) -> RawHTTPResponse {
        let end = ContinuousClock.now.advanced(by: timeout)
        responseParser.expectResponse(toHEAD: toHEAD)
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        while true {
            let event = try nextEvent(collectingBodyInto: &body) { bytes throws(HTTPParseError) in
                try responseParser.next(bytes)
            }
            switch event {
            case nil:
                if sawEndOfStream {
                    do {
                        guard case .end(let trailers)? = try responseParser.finish(), let head else { throw RawHTTPError.closed }
                        return RawHTTPResponse(head: head, body: body, trailers: trailers)
                    } catch let error as HTTPParseError {
                        throw error == .truncated ? .closed : .parse(error)
                    } catch {
                        throw .closed
                    }
                }
                try receive(until: end)
            case .head(let newHead)?:
                if newHead.status < 200 { return RawHTTPResponse(head: newHead, body: [], trailers: HTTPHeaders()) }
                head = newHead
            case .body?:
                continue
            case .end(let trailers)?:
                guard let head else { throw .closed }
                return RawHTTPResponse(head: head, body: body, trailers: trailers)
            }
        }
    }

    /// Runs one parser step over the buffered bytes, appending body bytes to `body` and
    /// dropping what the parser consumed.
    private func nextEvent<Head>(
        collectingBodyInto body: inout [UInt8],
        _ next: (UnsafeRawBufferPointer) throws(HTTPParseError) -> (event: HTTP1ParserEvent<Head>?, consumed: Int)
    ) throws(RawHTTPError) -> HTTP1ParserEvent<Head>? {
        // Array.withUnsafeBytes only rethrows untyped errors: carry the typed one in a Result.
        let parsed = buffered.withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) in
                let step = try next(bytes)
                if case .body(let range)? = step.event { body.append(contentsOf: bytes[range]) }
                return step
            }
        }
        let step: (event: HTTP1ParserEvent<Head>?, consumed: Int)
        do {
            step = try parsed.get()
        } catch {
            throw .parse(error)
        }
        buffered.removeFirst(step.consumed)
        return step.event
    }

    /// Reads one complete request (for fake servers).
    public func readRequest(timeout: Duration = .seconds(5)) throws(RawHTTPError) -> RawHTTPRequest {
        let end = ContinuousClock.now.advanced(by: timeout)
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        while true {
            let event = try nextEvent(collectingBodyInto: &body) { bytes throws(HTTPParseError) in
                try requestParser.next(bytes)
            }
            switch event {
            case nil:
                if sawEndOfStream { throw .closed }
                try receive(until: end)
            case .head(let newHead)?:
                head = newHead
            case .body?:
                continue
            case .end?:
                guard let head else { throw .closed }
                return RawHTTPRequest(head: head, body: body)
            }
        }
    }

    /// One `recv` bounded by `end`; appends what arrived or records end of stream.
    private func receive(until end: ContinuousClock.Instant) throws(RawHTTPError) {
        guard fd >= 0 else {
            sawEndOfStream = true
            throw .closed
        }
        let remaining = ContinuousClock.now.duration(to: end)
        guard remaining > .zero else { throw .timedOut }
        // SO_RCVTIMEO of zero means "block forever": never set less than 1 ms.
        let micros = max(1_000, remaining.nanoseconds / 1_000)
        let timeout = timeval(tv_sec: Int(micros / 1_000_000), tv_usec: Int(micros % 1_000_000))
        do {
            try Syscall.setsockopt(fd, level: SOL_SOCKET, name: SO_RCVTIMEO, value: timeout)
        } catch {
            throw .system(error)
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let result: Result<IOResult, SystemError> = chunk.withUnsafeMutableBytes { raw in
            Result { () throws(SystemError) in try Syscall.read(fd, raw) }
        }
        switch result {
        case .success(.processed(0)):
            sawEndOfStream = true
            throw .closed
        case .success(.processed(let n)):
            buffered.append(contentsOf: chunk[0..<n])
        case .success(.wouldBlock):
            throw .timedOut
        case .failure(let error):
            // A reset is the peer closing too, only less politely.
            sawEndOfStream = true
            throw error.errno == ECONNRESET ? .closed : .system(error)
        }
    }
}

/// Why a ``RawHTTPConnection`` read failed.
public enum RawHTTPError: Error, Equatable {
    /// Nothing complete arrived in time.
    case timedOut
    /// The peer closed (or reset) before a complete message arrived.
    case closed
    /// What arrived is not valid HTTP/1.1.
    case parse(HTTPParseError)
    case system(SystemError)
}

/// A response read by ``RawHTTPConnection/readResponse(toHEAD:timeout:)``.
public struct RawHTTPResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: [UInt8]
    public var trailers: HTTPHeaders

    public var status: Int { head.status }
    public var headers: HTTPHeaders { head.headers }
    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A request read by ``RawHTTPConnection/readRequest(timeout:)``.
public struct RawHTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
}
