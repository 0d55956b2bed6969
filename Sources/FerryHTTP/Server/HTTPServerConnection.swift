internal import FerryIO

/// One accepted HTTP/1.1 connection, confined to its loop.
///
/// Reads are parsed by the pure ``HTTP1RequestParser``; complete requests go to the
/// loop's handler one at a time. While a response is pending or unwritten the connection
/// stops reading (backpressure), so pipelined requests wait in the kernel and in `input`,
/// and are answered in order (RFC 9112 §9.3.2).
///
/// The descriptor is registered once, edge-triggered for both directions (as nginx does),
/// so pausing and resuming reads costs no `epoll_ctl`: the connection simply stops reading
/// and remembers that the kernel may still hold input.
final class HTTPServerConnection: Selectable {
    let fd: Int32
    let loop: EventLoop
    private unowned let context: HTTPServerLoop
    private let remoteAddress: SocketAddress

    private enum State {
        /// Between requests (keep-alive idle).
        case idle
        /// Bytes of a request have arrived; head or body still incomplete.
        case receiving
        /// The request went to the handler; no answer yet.
        case awaitingResponse
        case closed
    }

    private var state = State.idle
    private var parser: HTTP1RequestParser
    private var input = InboundBuffer()
    private var output = OutboundBuffer()
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// The body handed to the handler, kept to be wiped once its answer is written
    /// (DESIGN.md: the raw body lives only until the answer is written).
    private var dispatchedBody: [UInt8] = []
    private var serial: UInt64 = 0
    /// True while the handler runs synchronously: a response given then is written by
    /// the caller's loop in `processInput`, not by a recursive call.
    private var dispatching = false
    private var closeAfterWrite = false
    private var peerClosedInput = false
    /// Edge-triggered readiness may still have bytes behind it: set by a readable edge,
    /// cleared only by a read that would block (epoll(7), "edge-triggered").
    private var kernelMayHaveInput = false
    /// The peer shut down its sending side (EPOLLRDHUP): a short read no longer proves the
    /// queue is drained, since the end of stream still has to be read.
    private var peerSentFIN = false

    // Timeouts: one lazily re-armed timer against a deadline that moves freely.
    private var deadline: UInt64 = .max
    private var timer: TimerHandle?
    private var timerAt: UInt64 = .max

    init(fd: Int32, peer: SocketAddress, context: HTTPServerLoop) {
        self.fd = fd
        self.loop = context.loop
        self.context = context
        self.remoteAddress = peer
        self.parser = HTTP1RequestParser(limits: context.configuration.limits)
    }

    /// Registers with the loop and starts the keep-alive clock (a new connection that
    /// sends nothing is idle, like one between requests).
    func start() throws(SystemError) {
        try loop.register(fd, interest: [.readable, .writable, .readHangup, .edgeTriggered], handler: self)
        setDeadline(after: context.keepAliveTimeout)
    }

    /// True when no request is in progress (nothing to lose by closing now).
    var isIdle: Bool { state == .idle && input.isEmpty && output.isEmpty }

    // MARK: Events

    func ready(_ events: IOEvents) {
        if events.contains(.readHangup) { peerSentFIN = true }
        if events.contains(.readable) || !events.isDisjoint(with: .error) { kernelMayHaveInput = true }
        if events.contains(.writable) && !output.isEmpty {
            flushOutput()
        }
        resume()
    }

    /// Whether input may be taken now: not while an answer is pending or still being written.
    private var mayRead: Bool {
        (state == .idle || state == .receiving) && output.isEmpty && !closeAfterWrite
    }

    /// Goes on with buffered input, then with what the kernel holds, until a request is
    /// pending, the socket is drained, or the connection closes.
    private func resume() {
        guard mayRead else { return }
        processInput()
        while kernelMayHaveInput && mayRead {
            let result: IOResult
            do {
                result = try input.read(from: fd)
            } catch {
                close()
                return
            }
            switch result {
            case .wouldBlock:
                kernelMayHaveInput = false
            case .processed(0):
                kernelMayHaveInput = false
                peerClosedInput = true
                // The peer may half-close after sending a complete request; finish it, then close.
                processInput()
                if state == .idle || state == .receiving { close() }
                return
            case .processed:
                if input.lastReadDrained && !peerSentFIN { kernelMayHaveInput = false }
                processInput()
            }
        }
    }

    /// Parses buffered input and dispatches complete requests, in order, until one is pending.
    private func processInput() {
        while state == .idle || state == .receiving {
            if state == .idle {
                // A new request starts with its first byte; a finished one may still owe
                // the parser an empty call (a bodyless message ends without more input).
                guard !input.isEmpty else { return }
                state = .receiving
                setDeadline(after: context.headTimeout)
            }
            let step: (event: HTTP1ParserEvent<HTTPRequestHead>?, consumed: Int)
            do {
                let bytes = input.readableBytes
                step = try parser.next(bytes)
                if case .body(let range)? = step.event {
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
                }
            } catch {
                reject(error)
                return
            }
            input.consume(step.consumed)
            guard let event = step.event else {
                if head != nil { setDeadline(after: context.bodyIdleTimeout) }
                return
            }
            switch event {
            case .head(let newHead):
                head = newHead
                if case .contentLength(let length) = newHead.framing { body.reserveCapacity(length) }
                // RFC 9110 §10.1.1: a server that will read the body SHOULD send 100 (Continue)
                // to a client waiting for it; not needed when the body is already arriving.
                if newHead.expectsContinue && input.isEmpty && newHead.framing != .none {
                    output.bytes.append(contentsOf: Self.continueLine)
                    flushOutput()
                }
                setDeadline(after: context.bodyIdleTimeout)
            case .body:
                continue
            case .end(let trailers):
                dispatch(trailers: trailers)
            }
        }
    }

    private func dispatch(trailers: HTTPHeaders) {
        guard let head else { return }
        state = .awaitingResponse
        serial &+= 1
        deadline = .max
        let request = HTTPServerRequest(head: head, body: body, trailers: trailers, remoteAddress: remoteAddress)
        dispatchedBody = body
        body = []
        dispatching = true
        context.handler.handle(request, responder: HTTPResponder(connection: self, serial: serial))
        dispatching = false
        // Backpressure: while the answer is pending, `mayRead` is false and nothing more is read.
    }

    // MARK: Responses

    func respond(_ response: HTTPServerResponse, serial: UInt64) {
        guard serial == self.serial, state == .awaitingResponse, let head else { return }
        let closing = !head.keepAlive || peerClosedInput || context.isDraining
            || response.headers["Connection"].map { $0.lowercased().contains("close") } == true
        self.head = nil
        state = .idle
        setDeadline(after: context.keepAliveTimeout)
        write(response, isHEAD: head.method == .HEAD, keepAliveRequested: head.keepAlive,
              version: head.version, closing: closing)
        // The answer is in the output buffer (a handler may echo the body): wipe the request's.
        Self.wipeShared(&dispatchedBody)
        // Written and kept alive: go on with pipelined input, unless the handler answered
        // synchronously (then the loop in processInput goes on by itself).
        if !dispatching { resume() }
    }

    /// Answers a request the parser refused, then closes: after a framing error the rest
    /// of the stream cannot be trusted (RFC 9112 §11.2, request smuggling).
    private func reject(_ error: HTTPParseError) {
        state = .awaitingResponse
        let version = head?.version ?? .http1_1
        write(.error(error), isHEAD: false, keepAliveRequested: false, version: version, closing: true)
    }

    private func write(_ response: HTTPServerResponse, isHEAD: Bool, keepAliveRequested: Bool,
                       version: HTTPVersion, closing: Bool) {
        var headers = response.headers
        let status = response.status
        // RFC 9110 §8.6: no Content-Length in 1xx or 204 responses.
        let bodyAllowed = status >= 200 && status != 204 && status != 304
        if bodyAllowed {
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        }
        headers.replaceOrAdd(name: "Date", value: context.dateCache.current())
        if closing {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if version == .http1_0 && keepAliveRequested {
            // RFC 9112 Appendix C.2.2: an HTTP/1.0 peer keeps the connection only if told so.
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        HTTP1Serializer.writeResponseHead(
            HTTPResponseHead(version: .http1_1, status: status, headers: headers), into: &output.bytes)
        if bodyAllowed && !isHEAD {
            output.bytes.append(contentsOf: response.body)
        }
        closeAfterWrite = closing
        flushOutput()
    }

    private func flushOutput() {
        let done: Bool
        do {
            done = try output.flush(to: fd)
        } catch {
            close()
            return
        }
        if done {
            if closeAfterWrite { close() }
        } else {
            // The peer is not reading; nothing more is read from it until it does (the
            // writable edge resumes the connection).
            setDeadline(after: context.writeTimeout)
        }
    }

    // MARK: Timeouts

    private func setDeadline(after timeout: UInt64) {
        deadline = loop.now &+ timeout
        if timer == nil || deadline < timerAt {
            if let timer { loop.cancel(timer) }
            timerAt = deadline
            // A strong capture: the loop holds the closure until it fires or `close` cancels it.
            // (A weak one would give every connection a side table, slowing each retain.)
            timer = loop.schedule(at: deadline) { self.timerFired() }
        }
    }

    private func timerFired() {
        timer = nil
        timerAt = .max
        guard state != .closed, deadline != .max else { return }
        if loop.now < deadline {
            // The deadline moved while this timer waited; re-arm for the new one.
            timerAt = deadline
            timer = loop.schedule(at: deadline) { self.timerFired() }
            return
        }
        switch state {
        case .receiving where output.isEmpty:
            // RFC 9110 §15.5.9: 408 tells the client the server gave up waiting for it.
            state = .awaitingResponse
            write(.json(408, "{\"error\":\"request_timeout\"}"), isHEAD: false, keepAliveRequested: false,
                  version: head?.version ?? .http1_1, closing: true)
        default:
            close()
        }
    }

    // MARK: Closing

    /// Closes the connection now, wiping whatever it still held.
    func close() {
        guard state != .closed else { return }
        state = .closed
        if let timer { loop.cancel(timer) }
        timer = nil
        loop.deregister(fd)
        Syscall.close(fd)
        input.wipeAndClear()
        output.wipeAndClear()
        body.withUnsafeMutableBytes { wipeMemory($0) }
        body = []
        Self.wipeShared(&dispatchedBody)
        head = nil
        context.connectionClosed(self)
    }

    /// Called by a drain: close now if idle, otherwise after the current answer.
    func closeWhenIdle() {
        if isIdle {
            close()
        } else if state == .idle {
            // Only an answer is still being written: close once it is out.
            closeAfterWrite = true
        }
        // Otherwise a request is in progress; its answer carries `Connection: close`.
    }

    /// Zeroes the storage `bytes` shares with the handler's copy (the handler contract of
    /// ``HTTPServerHandler`` says nobody reads it after the answer), then lets go.
    static func wipeShared(_ bytes: inout [UInt8]) {
        wipeSharedStorage(of: bytes)
        bytes = []
    }

    private static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
