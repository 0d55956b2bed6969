internal import FerryIO

/// One client connection to an origin, confined to its pool's loop.
///
/// A connection is reused only after its response was read completely, with nothing
/// left over and both sides agreeing to keep it (RFC 9112 §9.3); any protocol error,
/// timeout or surplus byte closes it.
final class HTTPClientConnection: Selectable {
    private unowned let pool: OriginPool
    private var loop: EventLoop { pool.loop }
    private var fd: Int32 = -1

    private enum State { case resolving, connecting, active, idle, closed }
    private var state = State.resolving
    private var current: PendingRequest?
    private var parser: HTTP1ResponseParser
    private var input = InboundBuffer()
    private var output = OutboundBuffer()
    private var responseHead: HTTPResponseHead?
    private var body: [UInt8] = []
    private var receivedBytes = false
    private var exchanges = 0
    private var interest: IOEvents = []
    /// The connect timeout.
    private var timer: TimerHandle?
    /// The idle timeout is lazy, as the server's timeouts are: parking and reusing the
    /// connection only move `idleDeadline`; one timer re-arms itself at most once per
    /// idle period instead of a schedule and a cancel on every exchange.
    private var idleTimer: TimerHandle?
    private var idleDeadline: UInt64 = .max

    init(pool: OriginPool) {
        self.pool = pool
        parser = HTTP1ResponseParser(limits: pool.configuration.limits)
    }

    var isIdle: Bool { state == .idle }

    // MARK: Connecting

    func connect(for pending: PendingRequest) {
        current = pending
        pending.connection = self
        let box = UncheckedBox(value: self)
        Resolver.resolve(host: pool.url.host, port: pool.url.port, on: loop) { result in
            box.value.resolved(result)
        }
    }

    private func resolved(_ result: Result<[SocketAddress], SystemError>) {
        guard state == .resolving else { return }
        guard case .success(let resolved) = result, !resolved.isEmpty else {
            return fail(.resolveFailed)
        }
        // Checked on the resolved address, not the name: a public name may point inside.
        let addresses = pool.configuration.addressFilter.map { allowed in resolved.filter(allowed) } ?? resolved
        guard let address = addresses.first else { return fail(.addressRefused) }
        do {
            let (fd, connected) = try Socket.connect(to: address)
            self.fd = fd
            state = .connecting
            try setInterest(connected ? .readable : [.writable])
        } catch {
            return fail(.connectFailed(errno: error.errno))
        }
        if interest.contains(.readable) {
            connected()
        } else {
            // Strong capture: `close` cancels the timer (no side table for a weak reference).
            timer = loop.schedule(after: pool.configuration.connectTimeout) {
                self.timer = nil
                self.fail(.connectTimeout)
            }
        }
    }

    private func connected() {
        if let timer { loop.cancel(timer) }
        timer = nil
        state = .idle
        guard let pending = current else { return pool.release(self) }
        current = nil
        send(pending)
    }

    // MARK: Exchanges

    /// Writes `pending`'s request and waits for its response.
    func send(_ pending: PendingRequest) {
        guard state == .idle else { return pool.submit(pending) }
        if pending.isComplete { return pool.release(self) }
        idleDeadline = .max
        state = .active
        current = pending
        pending.connection = self
        pending.attempts += 1
        receivedBytes = false
        responseHead = nil
        let request = pending.request
        parser.expectResponse(toHEAD: request.method == .HEAD)

        var headers = request.headers
        headers.replaceOrAdd(name: "Host", value: request.url.hostField)
        if !request.body.isEmpty || request.method == .POST || request.method == .PUT || request.method == .PATCH {
            // RFC 9112 §6.2: a request with content sends its length when it knows it.
            headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
        }
        HTTP1Serializer.writeRequestHead(
            HTTPRequestHead(method: request.method, target: request.url.target, headers: headers), into: &output.bytes)
        output.bytes.append(contentsOf: request.body)
        flush()
    }

    /// Parked in the pool: a byte or a hang-up now means the server closed it (or broke framing).
    func becomeIdle() {
        state = .idle
        current = nil
        try? setInterest(.readable)
        idleDeadline = loop.now &+ pool.configuration.idleTimeout.nanoseconds
        if idleTimer == nil { armIdleTimer() }
    }

    private func armIdleTimer() {
        idleTimer = loop.schedule(at: idleDeadline) {
            self.idleTimer = nil
            guard self.state == .idle else { return }   // busy: re-armed when parked again
            if self.loop.now >= self.idleDeadline {
                self.close()
            } else {
                self.armIdleTimer()
            }
        }
    }

    func ready(_ events: IOEvents) {
        switch state {
        case .connecting:
            let error = Socket.pendingError(fd)
            if error == 0 {
                try? setInterest(.readable)
                connected()
            } else {
                fail(.connectFailed(errno: error))
            }
        case .active:
            if events.contains(.writable) { flush() }
            if state == .active && (events.contains(.readable) || events.contains(.error)) { readResponse() }
        case .idle:
            close()
        case .resolving, .closed:
            return
        }
    }

    private func flush() {
        do {
            let done = try output.flush(to: fd)
            try setInterest(done ? .readable : [.readable, .writable])
        } catch {
            failOrRetry(.connectionReset(errno: error.errno))
        }
    }

    private func readResponse() {
        let result: IOResult
        do {
            result = try input.read(from: fd)
        } catch {
            return failOrRetry(.connectionReset(errno: error.errno))
        }
        switch result {
        case .wouldBlock:
            return
        case .processed(0):
            // EOF: completes a close-delimited body (RFC 9112 §6.3 ¶8), truncates anything else.
            do {
                if case .end(let trailers)? = try parser.finish() { return finish(trailers: trailers, reusable: false) }
            } catch {
                // A close before the response was complete (RFC 9112 §8) is the peer going away,
                // not bad framing; before its first byte on a reused connection it may be retried.
                if error != .truncated { return fail(.protocolError) }
            }
            failOrRetry(.connectionReset())
        case .processed:
            receivedBytes = true
            parseResponse()
        }
    }

    private func parseResponse() {
        while state == .active {
            let step: (event: HTTP1ParserEvent<HTTPResponseHead>?, consumed: Int)
            do {
                let bytes = input.readableBytes
                step = try parser.next(bytes)
                if case .body(let range)? = step.event {
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
                }
            } catch {
                return fail(error == .bodyTooLarge ? .responseTooLarge : .protocolError)
            }
            input.consume(step.consumed)
            guard let event = step.event else { return }
            switch event {
            case .head(let head):
                // RFC 9110 §15.2: interim 1xx responses precede the final one; 101 would
                // switch protocols, which this client never asks for.
                if head.status == 101 { return fail(.protocolError) }
                if head.status >= 200 { responseHead = head }
            case .body:
                continue
            case .end(let trailers):
                if responseHead == nil { continue }   // end of an interim response
                let reusable = responseHead?.keepAlive == true && input.isEmpty
                    && current?.request.headers["Connection"]?.lowercased().contains("close") != true
                return finish(trailers: trailers, reusable: reusable)
            }
        }
    }

    private func finish(trailers: HTTPHeaders, reusable: Bool) {
        guard let head = responseHead, let pending = current else { return fail(.protocolError) }
        let response = HTTPClientResponse(head: head, body: body, trailers: trailers)
        body = []
        responseHead = nil
        current = nil
        exchanges += 1
        state = reusable ? .idle : .active
        pending.complete(.success(response))
        if reusable {
            if state == .idle { pool.release(self) }
        } else {
            close()
        }
    }

    // MARK: Failure

    /// A reused connection that dies before any response byte was most likely closed by the
    /// server while idle (RFC 9112 §9.3.1 ¶5: retry on a new connection); send once more.
    private func failOrRetry(_ error: HTTPClientError) {
        if let pending = current, exchanges > 0, !receivedBytes, pending.attempts == 1, !pending.isComplete {
            current = nil
            close()
            pool.submit(pending)
            return
        }
        fail(error)
    }

    /// Closes now and fails the request in flight, if any, with `error` (client shutdown).
    func abort(_ error: HTTPClientError) {
        fail(error)
    }

    private func fail(_ error: HTTPClientError) {
        let pending = current
        current = nil
        close()
        pending?.complete(.failure(error))
    }

    private func setInterest(_ next: IOEvents) throws(SystemError) {
        guard next != interest else { return }
        if interest.isEmpty {
            try loop.register(fd, interest: next, handler: self)
        } else {
            try loop.reregister(fd, interest: next)
        }
        interest = next
    }

    /// Closes now; the pool forgets it. Safe to call more than once.
    func close() {
        guard state != .closed else { return }
        let wasOpen = fd >= 0
        state = .closed
        if let timer { loop.cancel(timer) }
        timer = nil
        if let idleTimer { loop.cancel(idleTimer) }
        idleTimer = nil
        if wasOpen {
            if !interest.isEmpty { loop.deregister(fd) }
            Syscall.close(fd)
        }
        input.wipeAndClear()
        output.wipeAndClear()
        body.withUnsafeMutableBytes { wipeMemory($0) }
        body = []
        pool.connectionClosed(self)
    }
}
