internal import CFerryShims
#if canImport(Glibc)
internal import Glibc
#endif

/// An IPv4 or IPv6 socket address (numeric; names are resolved by ``Resolver``).
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    enum Storage: Hashable, Sendable {
        case v4(address: UInt32, port: UInt16)           // both in host byte order
        case v6(address: [UInt8], port: UInt16, scope: UInt32)
    }

    let storage: Storage

    /// Parses a numeric host (`127.0.0.1`, `::1`) and a port.
    public init(host: String, port: Int) throws(SocketAddressError) {
        guard (0...65535).contains(port) else { throw .invalidPort }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            storage = .v4(address: UInt32(bigEndian: v4.s_addr), port: UInt16(port))
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            storage = .v6(address: bytes, port: UInt16(port), scope: 0)
            return
        }
        throw .invalidHost
    }

    /// Parses `HOST:PORT` or `[IPV6]:PORT`.
    public init(parsing text: String) throws(SocketAddressError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") else { throw .invalidHost }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .missingPort }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !portText.isEmpty, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              portText.count <= 5, let port = Int(portText) else { throw .invalidPort }
        try self.init(host: String(host), port: port)
    }

    init(storage raw: sockaddr_storage) {
        var raw = raw
        if Int32(raw.ss_family) == AF_INET6 {
            storage = withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    let bytes = withUnsafeBytes(of: &addr) { Array($0) }
                    return .v6(address: bytes, port: UInt16(bigEndian: sin6.pointee.sin6_port),
                               scope: sin6.pointee.sin6_scope_id)
                }
            }
        } else {
            storage = withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    .v4(address: UInt32(bigEndian: sin.pointee.sin_addr.s_addr),
                        port: UInt16(bigEndian: sin.pointee.sin_port))
                }
            }
        }
    }

    /// The port number.
    public var port: Int {
        switch storage {
        case .v4(_, let port), .v6(_, let port, _): return Int(port)
        }
    }

    /// The same address with another port.
    public func withPort(_ port: Int) -> SocketAddress {
        switch storage {
        case .v4(let address, _): return SocketAddress(.v4(address: address, port: UInt16(port)))
        case .v6(let address, _, let scope): return SocketAddress(.v6(address: address, port: UInt16(port), scope: scope))
        }
    }

    private init(_ storage: Storage) { self.storage = storage }

    /// The address family constant (`AF_INET` or `AF_INET6`).
    public var family: Int32 {
        switch storage {
        case .v4: return AF_INET
        case .v6: return AF_INET6
        }
    }

    /// The numeric host, without port.
    public var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch storage {
        case .v4(let address, _):
            var addr = in_addr(s_addr: address.bigEndian)
            inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
        case .v6(let address, _, _):
            var addr = in6_addr()
            withUnsafeMutableBytes(of: &addr) { $0.copyBytes(from: address) }
            inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The raw address bytes (4 or 16), network order, for range checks.
    public var addressBytes: [UInt8] {
        switch storage {
        case .v4(let address, _): return withUnsafeBytes(of: address.bigEndian) { Array($0) }
        case .v6(let address, _, _): return address
        }
    }

    public var description: String {
        switch storage {
        case .v4: return "\(host):\(port)"
        case .v6: return "[\(host)]:\(port)"
        }
    }

    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch storage {
        case .v4(let address, let port):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr.s_addr = address.bigEndian
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let address, let port, let scope):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_scope_id = scope
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: address) }
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }
}

/// Why a socket address could not be parsed.
public struct SocketAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable { case invalidHost, invalidPort, missingPort }
    private let code: Code
    public static let invalidHost = SocketAddressError(code: .invalidHost)
    public static let invalidPort = SocketAddressError(code: .invalidPort)
    public static let missingPort = SocketAddressError(code: .missingPort)

    public var description: String {
        switch code {
        case .invalidHost: return "not a numeric IPv4 or IPv6 address"
        case .invalidPort: return "port must be a number from 0 to 65535"
        case .missingPort: return "expected HOST:PORT"
        }
    }
}
