internal import CFerryShims
internal import Dispatch
#if canImport(Glibc)
internal import Glibc
#endif

/// Name resolution off the event loops.
///
/// `getaddrinfo(3)` blocks, so it runs on a small concurrent queue and the answer is
/// handed back to the asking loop (DESIGN.md, "DNS on a small thread pool"). Numeric
/// hosts never leave the loop.
public enum Resolver {
    private static let queue = DispatchQueue(label: "ferry.resolver", attributes: .concurrent)

    /// Resolves `host` (numeric, `localhost`, or a DNS name) and calls `completion` on `loop`.
    public static func resolve(host: String, port: Int, on loop: EventLoop,
                               _ completion: @escaping @Sendable (Result<[SocketAddress], SystemError>) -> Void) {
        if let numeric = try? SocketAddress(host: host, port: port) {
            completion(.success([numeric]))
            return
        }
        queue.async {
            let result = lookup(host: host, port: port)
            loop.execute { completion(result) }
        }
    }

    /// Blocking lookup; for tools and tests, never for a loop thread.
    public static func lookup(host: String, port: Int) -> Result<[SocketAddress], SystemError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            // EAI_* codes are not errno values; report them under their own call name.
            return .failure(SystemError(call: "getaddrinfo", errno: status))
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let sa = entry.pointee.ai_addr,
               entry.pointee.ai_family == AF_INET || entry.pointee.ai_family == AF_INET6 {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) {
                    $0.copyMemory(from: UnsafeRawBufferPointer(start: sa, count: Int(entry.pointee.ai_addrlen)))
                }
                addresses.append(SocketAddress(storage: storage))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(SystemError(call: "getaddrinfo", errno: EAI_NONAME)) : .success(addresses)
    }
}
