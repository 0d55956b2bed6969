import FerryHTTP

/// A message as the server loop would assemble it from parser events.
struct ParsedRequest: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]
    var trailers: HTTPHeaders
}

/// Everything a parse run produced: complete messages, and the error if one was thrown.
struct RequestRun: Sendable {
    var messages: [ParsedRequest] = []
    var error: HTTPParseError?
    /// A head whose body was still incomplete when the input ran out.
    var pendingHead: HTTPRequestHead?
}

/// Drives a request parser like the connection loop: keep unconsumed bytes, append new ones,
/// drop consumed ones. `pieces` are delivered one after another.
func runRequestParser(_ pieces: [[UInt8]], limits: HTTP1Limits = .init()) -> RequestRun {
    var parser = HTTP1RequestParser(limits: limits)
    var run = RequestRun()
    var pending: [UInt8] = []
    var body: [UInt8] = []
    for piece in pieces {
        pending.append(contentsOf: piece)
        while true {
            let result = pending.withUnsafeBytes { buffer in
                Result { () throws(HTTPParseError) -> (HTTP1ParserEvent<HTTPRequestHead>?, Int, [UInt8]) in
                    let (event, consumed) = try parser.next(buffer)
                    if case .body(let range) = event { return (event, consumed, Array(buffer[range])) }
                    return (event, consumed, [])
                }
            }
            switch result {
            case .failure(let error):
                run.error = error
                return run
            case .success(let (event, consumed, bytes)):
                guard let event else { break }
                pending.removeFirst(consumed)
                switch event {
                case .head(let head):
                    run.pendingHead = head
                    body = []
                case .body:
                    body.append(contentsOf: bytes)
                case .end(let trailers):
                    if let head = run.pendingHead {
                        run.messages.append(ParsedRequest(head: head, body: body, trailers: trailers))
                    }
                    run.pendingHead = nil
                }
                continue
            }
            break
        }
    }
    return run
}

/// A parsed response and its body.
struct ParsedResponse: Sendable {
    var head: HTTPResponseHead
    var body: [UInt8]
    var trailers: HTTPHeaders
}

/// Drives a response parser; `heads` lists the HEAD-ness of each expected response, `eof`
/// calls finish() at the end.
func runResponseParser(_ pieces: [[UInt8]], toHEAD: [Bool] = [false], eof: Bool = false,
                       limits: HTTP1Limits = .init()) -> (messages: [ParsedResponse], interim: [HTTPResponseHead], error: HTTPParseError?) {
    var parser = HTTP1ResponseParser(limits: limits)
    var messages: [ParsedResponse] = []
    var interim: [HTTPResponseHead] = []
    var pending: [UInt8] = []
    var body: [UInt8] = []
    var head: HTTPResponseHead?
    var expected = toHEAD
    if !expected.isEmpty { parser.expectResponse(toHEAD: expected.removeFirst()) }
    for piece in pieces {
        pending.append(contentsOf: piece)
        while true {
            let result = pending.withUnsafeBytes { buffer in
                Result { () throws(HTTPParseError) -> (HTTP1ParserEvent<HTTPResponseHead>?, Int, [UInt8]) in
                    let (event, consumed) = try parser.next(buffer)
                    if case .body(let range) = event { return (event, consumed, Array(buffer[range])) }
                    return (event, consumed, [])
                }
            }
            switch result {
            case .failure(let error):
                return (messages, interim, error)
            case .success(let (event, consumed, bytes)):
                guard let event else { break }
                pending.removeFirst(consumed)
                switch event {
                case .head(let h):
                    if h.status < 200 { interim.append(h) } else { head = h; body = [] }
                case .body:
                    body.append(contentsOf: bytes)
                case .end(let trailers):
                    if let h = head { messages.append(ParsedResponse(head: h, body: body, trailers: trailers)) }
                    head = nil
                    if !expected.isEmpty { parser.expectResponse(toHEAD: expected.removeFirst()) }
                }
                continue
            }
            break
        }
    }
    if eof {
        do {
            if case .end(let trailers) = try parser.finish(), let h = head {
                messages.append(ParsedResponse(head: h, body: body, trailers: trailers))
            }
        } catch {
            return (messages, interim, error)
        }
    }
    return (messages, interim, nil)
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

/// Splits bytes into one-byte pieces.
func byteByByte(_ bytes: [UInt8]) -> [[UInt8]] { bytes.map { [$0] } }
