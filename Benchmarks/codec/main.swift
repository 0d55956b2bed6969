// Parses a typical signed webhook request (6 fields, 2-byte body) and reports allocations and
// time per request. Allocation counts fail the run above thresholds.json; time is only reported
// (STYLE.md: no timing assertions).
import Glibc

let request = Array(("POST /hooks/stripe/abc123?attempt=1 HTTP/1.1\r\nHost: relay.example.com\r\n"
    + "User-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)\r\n"
    + "Content-Type: application/json; charset=utf-8\r\n"
    + "Stripe-Signature: t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd\r\n"
    + "Content-Length: 2\r\n\r\n{}").utf8)

func allocations() -> UInt {
    guard let counter = dlsym(nil, "ferry_malloc_count") else { return 0 }
    return counter.assumingMemoryBound(to: UInt.self).pointee
}

@inline(never)
func parseOnce(_ buffer: UnsafeRawBufferPointer) -> Int {
    var parser = HTTP1RequestParser()
    var offset = 0
    var events = 0
    while true {
        let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
        guard let (event, consumed) = try? parser.next(rest), let event else { break }
        offset += consumed
        events += 1
        if case .end = event { break }
    }
    return events
}

let maxAllocations = UInt(CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 12 : 12)
request.withUnsafeBytes { buffer in
    _ = parseOnce(buffer)
    let before = allocations()
    _ = parseOnce(buffer)
    let perRequest = allocations() - before
    let iterations = 1_000_000
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    var sink = 0
    for _ in 0..<iterations { sink &+= parseOnce(buffer) }
    clock_gettime(CLOCK_MONOTONIC, &end)
    let nanoseconds = Double(end.tv_sec - start.tv_sec) * 1e9 + Double(end.tv_nsec - start.tv_nsec)
    print("request-parse bytes=\(buffer.count) allocations=\(perRequest) ns/request=\(Int(nanoseconds / Double(iterations))) events=\(sink / iterations)")
    if perRequest > maxAllocations {
        print("FAIL: \(perRequest) allocations > threshold \(maxAllocations)")
        exit(1)
    }
}
