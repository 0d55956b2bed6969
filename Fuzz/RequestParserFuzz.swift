// libFuzzer target for HTTP1RequestParser. Built standalone with the codec sources (see
// fuzz.sh), so it uses only the codec's public API and the standard library.
//
// Each input is parsed the way the server's connection loop does (keep unconsumed bytes,
// append new ones, drop what was consumed), once whole and once in two pieces split at a
// position taken from the first byte, under the default limits and under tiny ones. Both runs
// must produce the same messages and the same error; every event must respect the API contract.

/// One parse run's observable outcome, independent of how the bytes were split.
private struct Summary: Equatable {
    var method: String
    var target: String
    var version: HTTPVersion
    var framing: HTTPBodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
    var headerCount: Int
}

private struct Outcome: Equatable {
    /// Structured rather than formatted, so comparing outcomes costs little per execution.
    var heads: [Summary] = []
    var ends: [Int] = []
    var bodies: [[UInt8]] = []
    var error: HTTPParseError?
}

private func drive(_ input: UnsafeRawBufferPointer, splitAt split: Int, limits: HTTP1Limits) -> Outcome {
    var parser = HTTP1RequestParser(limits: limits)
    var outcome = Outcome()
    var pending: [UInt8] = []
    var declared: HTTPBodyFraming = .none
    var body: [UInt8] = []
    var inMessage = false
    let pieces = split > 0 && split < input.count
        ? [UnsafeRawBufferPointer(rebasing: input[0..<split]), UnsafeRawBufferPointer(rebasing: input[split...])]
        : [input]
    for piece in pieces {
        pending.append(contentsOf: piece)
        var zeroConsumedEvents = 0
        while true {
            let step: Result<(event: HTTP1ParserEvent<HTTPRequestHead>?, consumed: Int), HTTPParseError>
            step = pending.withUnsafeBytes { buffer in
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
                // Poisoned: the same error again, whatever comes next.
                let again = pending.withUnsafeBytes { buffer in
                    Result { () throws(HTTPParseError) in try parser.next(buffer) }
                }
                guard case .failure(let repeated) = again, repeated == error else {
                    preconditionFailure("parser not poisoned after an error")
                }
                precondition((400...599).contains(error.status), "error status out of range")
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
                    precondition(consumed > 0, "head without bytes")
                    precondition(head.framing != .untilClose, "requests are never close-delimited")
                    precondition(head.headers.count <= limits.maxHeaderCount, "header count over limit")
                    precondition(head.target.utf8.count <= limits.maxTargetLength, "target over limit")
                    inMessage = true
                    declared = head.framing
                    body = []
                    outcome.heads.append(Summary(method: head.method.rawValue, target: head.target,
                                                 version: head.version, framing: head.framing,
                                                 keepAlive: head.keepAlive, expectsContinue: head.expectsContinue,
                                                 headerCount: head.headers.count))
                case .body:
                    precondition(inMessage, "body outside a message")
                    precondition(consumed > 0, "body without bytes")
                case .end(let trailers):
                    precondition(inMessage, "end outside a message")
                    switch declared {
                    case .none: precondition(body.isEmpty, "body on a bodiless request")
                    case .contentLength(let length): precondition(body.count == length, "body length differs from Content-Length")
                    case .chunked: precondition(body.count <= limits.maxBodyBytes, "chunked body over limit")
                    case .untilClose: preconditionFailure("close-delimited request")
                    }
                    inMessage = false
                    outcome.ends.append(trailers.count)
                    outcome.bodies.append(body)
                }
                continue
            }
            break
        }
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let split = size > 0 ? Int(data[0]) % (size + 1) : 0
    let tiny = HTTP1Limits(maxHeadBytes: 256, maxHeaderCount: 4, maxTargetLength: 32,
                           maxBodyBytes: 64, maxChunkLineBytes: 16)
    for limits in [HTTP1Limits(), tiny] {
        let whole = drive(input, splitAt: 0, limits: limits)
        let pieces = drive(input, splitAt: split, limits: limits)
        precondition(whole == pieces, "outcome depends on how the input was split")
    }
    return 0
}
