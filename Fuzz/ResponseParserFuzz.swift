// libFuzzer target for HTTP1ResponseParser (subscribers are untrusted peers). Built like the
// request target: `FUZZ_TARGET=response-parser Fuzz/fuzz.sh`. The first two bytes choose the
// split position and which responses answer HEAD; EOF is delivered with finish() at the end.

private struct Summary: Equatable {
    var status: Int
    var framing: HTTPBodyFraming
    var keepAlive: Bool
    var headerCount: Int
}

private struct Outcome: Equatable {
    /// Structured rather than formatted, so comparing outcomes costs little per execution.
    var heads: [Summary] = []
    var ends: [Int] = []
    var bodies: [[UInt8]] = []
    var error: HTTPParseError?
}

private func drive(_ input: UnsafeRawBufferPointer, splitAt split: Int, headMask: UInt8,
                   limits: HTTP1Limits) -> Outcome {
    var parser = HTTP1ResponseParser(limits: limits)
    var outcome = Outcome()
    var pending: [UInt8] = []
    var declared: HTTPBodyFraming = .none
    var body: [UInt8] = []
    var inMessage = false
    var responses = 0
    parser.expectResponse(toHEAD: headMask & 1 == 1)
    let pieces = split > 0 && split < input.count
        ? [UnsafeRawBufferPointer(rebasing: input[0..<split]), UnsafeRawBufferPointer(rebasing: input[split...])]
        : [input]
    func finishMessage(_ trailers: HTTPHeaders) {
        precondition(inMessage, "end outside a message")
        switch declared {
        case .none: precondition(body.isEmpty, "body on a bodiless response")
        case .contentLength(let length): precondition(body.count == length, "body length differs from Content-Length")
        case .chunked: precondition(body.count <= limits.maxBodyBytes, "chunked body over limit")
        case .untilClose: break
        }
        inMessage = false
        outcome.ends.append(trailers.count)
        outcome.bodies.append(body)
        responses += 1
        parser.expectResponse(toHEAD: (headMask >> UInt8(responses % 8)) & 1 == 1)
    }
    for piece in pieces {
        pending.append(contentsOf: piece)
        var zeroConsumedEvents = 0
        while true {
            let step = pending.withUnsafeBytes { buffer in
                let result = Result { () throws(HTTPParseError) in try parser.next(buffer) }
                if case .success(let value) = result {
                    precondition(value.consumed >= 0 && value.consumed <= buffer.count, "consumed past the buffer")
                    if case .body(let range) = value.event {
                        precondition(range.lowerBound >= 0 && range.upperBound <= value.consumed, "body range outside consumed bytes")
                        precondition(!range.isEmpty, "empty body event")
                        body.append(contentsOf: buffer[range])
                    }
                }
                return result
            }
            switch step {
            case .failure(let error):
                outcome.error = error
                return outcome
            case .success(let (event, consumed)):
                guard let event else {
                    precondition(consumed == 0, "consumed bytes without an event")
                    break
                }
                pending.removeFirst(consumed)
                if consumed == 0 {
                    zeroConsumedEvents += 1
                    precondition(zeroConsumedEvents < 2, "no progress: two events without consuming")
                } else {
                    zeroConsumedEvents = 0
                }
                switch event {
                case .head(let head):
                    precondition(!inMessage, "head inside a message")
                    precondition((100...599).contains(head.status), "status out of range")
                    if head.status < 200 {
                        precondition(head.framing == .none, "interim response with a body")
                        outcome.heads.append(Summary(status: head.status, framing: head.framing,
                                                     keepAlive: head.keepAlive, headerCount: head.headers.count))
                    } else {
                        precondition(head.framing != .untilClose || !head.keepAlive, "close-delimited but persistent")
                        inMessage = true
                        declared = head.framing
                        body = []
                        outcome.heads.append(Summary(status: head.status, framing: head.framing,
                                                     keepAlive: head.keepAlive, headerCount: head.headers.count))
                    }
                case .body:
                    precondition(inMessage, "body outside a message")
                case .end(let trailers):
                    finishMessage(trailers)
                }
                continue
            }
            break
        }
    }
    let eof = Result { () throws(HTTPParseError) in try parser.finish() }
    switch eof {
    case .failure(let error):
        precondition(error == .truncated || outcome.error != nil, "finish threw something other than truncated")
        outcome.error = error
    case .success(let event):
        if case .end(let trailers) = event { finishMessage(trailers) }
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Byte 0 picks the split, byte 1 which responses answer HEAD; the rest is the stream.
    guard size >= 2 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let split = Int(data[0]) % (input.count + 1)
    let headMask = data[1]
    let tiny = HTTP1Limits(maxHeadBytes: 256, maxHeaderCount: 4, maxTargetLength: 32,
                           maxBodyBytes: 64, maxChunkLineBytes: 16)
    for limits in [HTTP1Limits(), tiny] {
        let whole = drive(input, splitAt: 0, headMask: headMask, limits: limits)
        let pieces = drive(input, splitAt: split, headMask: headMask, limits: limits)
        precondition(whole == pieces, "outcome depends on how the input was split")
    }
    return 0
}
