public import FerryIO

/// Which subscriber hosts and addresses Ferry may deliver to (DESIGN.md, "Outbound": no
/// loopback, private, link-local or metadata targets unless explicitly allowed).
///
/// Pure: the config loader uses it on URL hosts, the forwarder on every address DNS
/// returns (a name that passes here can still resolve to 127.0.0.1).
public enum SubscriberAddressPolicy {
    /// Why a host or address is refused.
    public enum Reason: String, Hashable, Sendable, CustomStringConvertible {
        case loopback
        case unspecified
        case privateNetwork
        case linkLocal
        case sharedAddressSpace
        case multicast
        case reserved
        case localhostName
        case metadataName
        case ambiguousNumericHost
        case malformedHost

        public var description: String {
            switch self {
            case .loopback: return "a loopback address"
            case .unspecified: return "the unspecified address"
            case .privateNetwork: return "a private-network address"
            case .linkLocal: return "a link-local address (this includes cloud metadata services)"
            case .sharedAddressSpace: return "a carrier-grade NAT (shared) address"
            case .multicast: return "a multicast or broadcast address"
            case .reserved: return "a reserved or documentation address"
            case .localhostName: return "a localhost name"
            case .metadataName: return "a cloud metadata service name"
            case .ambiguousNumericHost: return "a numeric host that is not a plain IPv4 or IPv6 literal"
            case .malformedHost: return "not a valid host"
            }
        }
    }

    /// What a URL host is, as far as can be told without DNS.
    public enum Classification: Hashable, Sendable {
        /// An IP literal in public address space.
        case publicAddress
        /// A DNS name not refused by name: every address it resolves to must pass `isPublic`.
        case name
        /// Never deliver here (unless private subscribers are allowed).
        case refused(Reason)
    }

    /// Whether `address` is in public, globally routable unicast space.
    public static func isPublic(_ address: SocketAddress) -> Bool {
        refusal(forAddressBytes: address.addressBytes) == nil
    }

    /// Why `address` is refused, or nil when it is public.
    public static func refusal(for address: SocketAddress) -> Reason? {
        refusal(forAddressBytes: address.addressBytes)
    }

    /// Classifies a URL host: an IPv4 / IPv6 literal (brackets allowed) or a DNS name.
    public static func classify(host: String) -> Classification {
        var text = host.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") {
            text = String(text.dropFirst().dropLast())
        }
        guard !text.isEmpty else { return .refused(.malformedHost) }
        if let address = try? SocketAddress(host: text, port: 0) {
            if let reason = refusal(for: address) { return .refused(reason) }
            return .publicAddress
        }
        // Zone ids ("fe80::1%eth0") and anything else with ':' or '%' is no DNS name.
        if text.contains(":") || text.contains("%") { return .refused(.malformedHost) }
        // One trailing dot names the same host (an absolute name, RFC 1034 §3.1).
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty, !text.hasSuffix(".") else { return .refused(.malformedHost) }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty }) else { return .refused(.malformedHost) }
        // getaddrinfo (via inet_aton) reads "127.1", "2130706433" and "0x7f.1" as IPv4; the
        // WHATWG URL standard does the same when the last label is numeric. inet_pton above
        // accepted only the plain dotted quad, so these are refused rather than guessed at.
        if let last = labels.last, isNumericLabel(last) { return .refused(.ambiguousNumericHost) }
        // RFC 6761 §6.3: localhost and every name under it are loopback.
        if text == "localhost" || text.hasSuffix(".localhost") { return .refused(.localhostName) }
        // GCP's metadata server name; it resolves to 169.254.169.254 inside the cloud.
        if text == "metadata.google.internal" || text == "metadata" { return .refused(.metadataName) }
        return .name
    }

    private static func isNumericLabel(_ label: Substring) -> Bool {
        if label.hasPrefix("0x") {
            return label.dropFirst(2).allSatisfy(\.isHexDigit)
        }
        return label.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// Why the raw address (4 or 16 bytes, network order) is refused, or nil when public.
    static func refusal(forAddressBytes bytes: [UInt8]) -> Reason? {
        if bytes.count == 4 { return refusalV4(bytes[0], bytes[1], bytes[2], bytes[3]) }
        guard bytes.count == 16 else { return .malformedHost }
        return refusalV6(bytes)
    }

    // RFC 6890 (Special-Purpose IP Address Registries) §2.2.2, IPv4 entries not "Global".
    private static func refusalV4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Reason? {
        if a == 0 && b == 0 && c == 0 && d == 0 { return .unspecified }
        if a == 0 { return .reserved }                             // 0.0.0.0/8 "this network"
        if a == 127 { return .loopback }                           // 127.0.0.0/8
        if a == 10 { return .privateNetwork }                      // 10.0.0.0/8 (RFC 1918)
        if a == 172 && (b & 0xF0) == 16 { return .privateNetwork } // 172.16.0.0/12 (RFC 1918)
        if a == 192 && b == 168 { return .privateNetwork }         // 192.168.0.0/16 (RFC 1918)
        if a == 169 && b == 254 { return .linkLocal }              // 169.254.0.0/16 (RFC 3927), incl. 169.254.169.254
        if a == 100 && (b & 0xC0) == 64 { return .sharedAddressSpace } // 100.64.0.0/10 (RFC 6598)
        if a == 192 && b == 0 && c == 0 { return .reserved }       // 192.0.0.0/24 IETF protocol assignments
        if a == 192 && b == 0 && c == 2 { return .reserved }       // 192.0.2.0/24 TEST-NET-1 (RFC 5737)
        if a == 198 && b == 51 && c == 100 { return .reserved }    // 198.51.100.0/24 TEST-NET-2
        if a == 203 && b == 0 && c == 113 { return .reserved }     // 203.0.113.0/24 TEST-NET-3
        if a == 198 && (b & 0xFE) == 18 { return .reserved }       // 198.18.0.0/15 benchmarking (RFC 2544)
        if a == 255 && b == 255 && c == 255 && d == 255 { return .multicast } // limited broadcast
        if a >= 224 && a <= 239 { return .multicast }              // 224.0.0.0/4 (RFC 5771)
        if a >= 240 { return .reserved }                           // 240.0.0.0/4 future use
        return nil
    }

    // RFC 6890 §2.2.3, IPv6 entries not "Global", plus forms that embed an IPv4 address.
    private static func refusalV6(_ x: [UInt8]) -> Reason? {
        let firstTenZero = x[0..<10].allSatisfy { $0 == 0 }
        if firstTenZero && x[10] == 0 && x[11] == 0 {
            if x[12..<15].allSatisfy({ $0 == 0 }) {
                if x[15] == 0 { return .unspecified }                 // ::/128
                if x[15] == 1 { return .loopback }                    // ::1/128
            }
            return .reserved                                          // ::/96 IPv4-compatible (deprecated, RFC 4291 §2.5.5.1)
        }
        // ::ffff:0:0/96 IPv4-mapped (RFC 4291 §2.5.5.2): judged by the IPv4 address inside,
        // since the kernel delivers ::ffff:127.0.0.1 to 127.0.0.1.
        if firstTenZero && x[10] == 0xFF && x[11] == 0xFF {
            return refusalV4(x[12], x[13], x[14], x[15])
        }
        // 64:ff9b::/96 NAT64 well-known prefix (RFC 6052): a gateway forwards to the IPv4 inside.
        if x[0] == 0x00 && x[1] == 0x64 && x[2] == 0xFF && x[3] == 0x9B && x[4..<12].allSatisfy({ $0 == 0 }) {
            return refusalV4(x[12], x[13], x[14], x[15])
        }
        // 2002::/16 6to4 (RFC 3056): the IPv4 relay address sits in bytes 2...5.
        if x[0] == 0x20 && x[1] == 0x02 {
            return refusalV4(x[2], x[3], x[4], x[5])
        }
        if x[0] == 0x01 && x[1] == 0x00 && x[2..<8].allSatisfy({ $0 == 0 }) { return .reserved } // 100::/64 discard-only (RFC 6666)
        if x[0] == 0x20 && x[1] == 0x01 && x[2] == 0x0D && x[3] == 0xB8 { return .reserved }     // 2001:db8::/32 documentation (RFC 3849)
        if (x[0] & 0xFE) == 0xFC { return .privateNetwork }          // fc00::/7 unique local (RFC 4193)
        if x[0] == 0xFE && (x[1] & 0xC0) == 0x80 { return .linkLocal } // fe80::/10 (RFC 4291 §2.5.6)
        if x[0] == 0xFE && (x[1] & 0xC0) == 0xC0 { return .privateNetwork } // fec0::/10 site-local (deprecated, RFC 3879)
        if x[0] == 0xFF { return .multicast }                         // ff00::/8 (RFC 4291 §2.7)
        return nil
    }
}
