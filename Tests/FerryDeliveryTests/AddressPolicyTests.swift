import FerryDelivery
import FerryIO
import Testing

/// The subscriber address policy: every refused range, in IPv4 and IPv6 forms, and public examples.
@Suite struct AddressPolicyTests {
    typealias Reason = SubscriberAddressPolicy.Reason

    static let refusedLiterals: [(String, Reason)] = [
        // RFC 6890 IPv4
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .reserved),
        ("10.0.0.1", .privateNetwork), ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork),
        ("169.254.0.1", .linkLocal), ("169.254.169.254", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast), ("255.255.255.255", .multicast),
        ("192.0.2.1", .reserved), ("198.51.100.7", .reserved), ("203.0.113.9", .reserved),
        ("198.18.0.1", .reserved), ("240.0.0.1", .reserved),
        // RFC 6890 IPv6
        ("::1", .loopback), ("::", .unspecified),
        ("fc00::1", .privateNetwork), ("fd12:3456:789a::1", .privateNetwork),
        ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal), ("fec0::1", .privateNetwork),
        ("ff02::1", .multicast), ("2001:db8::1", .reserved), ("100::1", .reserved),
        ("::127.0.0.1", .reserved),
        // IPv4-mapped, NAT64 and 6to4 forms of refused IPv4 addresses
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:100.64.0.1", .sharedAddressSpace),
        ("::ffff:0.0.0.0", .unspecified), ("::ffff:224.0.0.1", .multicast),
        ("64:ff9b::7f00:1", .loopback), ("2002:c0a8:0101::1", .privateNetwork),
        ("[::1]", .loopback),
    ]

    @Test(arguments: refusedLiterals)
    func refusesLiteral(_ host: String, _ reason: Reason) throws {
        #expect(SubscriberAddressPolicy.classify(host: host) == .refused(reason))
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let address = try SocketAddress(host: bare, port: 443)
        #expect(!SubscriberAddressPolicy.isPublic(address))
        #expect(SubscriberAddressPolicy.refusal(for: address) == reason)
    }

    static let publicLiterals = [
        "93.184.216.34", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
        "100.128.0.1", "169.253.1.1", "192.169.0.1", "223.255.255.255",
        "2606:2800:220:1::", "2001:4860:4860::8888", "::ffff:93.184.216.34", "64:ff9b::5db8:d822",
        "[2606:2800:220:1::]",
    ]

    @Test(arguments: publicLiterals)
    func allowsPublicLiteral(_ host: String) throws {
        #expect(SubscriberAddressPolicy.classify(host: host) == .publicAddress)
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        #expect(SubscriberAddressPolicy.isPublic(try SocketAddress(host: bare, port: 443)))
    }

    static let refusedNames: [(String, Reason)] = [
        ("localhost", .localhostName), ("LOCALHOST", .localhostName), ("localhost.", .localhostName),
        ("app.localhost", .localhostName), ("a.b.localhost", .localhostName),
        ("metadata.google.internal", .metadataName), ("metadata.google.internal.", .metadataName),
        ("127.1", .ambiguousNumericHost), ("2130706433", .ambiguousNumericHost),
        ("0x7f.0.0.1", .ambiguousNumericHost), ("example.0x10", .ambiguousNumericHost),
        ("fe80::1%eth0", .malformedHost), ("", .malformedHost), ("a..b", .malformedHost), (".", .malformedHost),
    ]

    @Test(arguments: refusedNames)
    func refusesName(_ host: String, _ reason: Reason) {
        #expect(SubscriberAddressPolicy.classify(host: host) == .refused(reason))
    }

    @Test(arguments: ["example.com", "hooks.example.com", "app.acme.example", "localhost.example.com",
                      "mylocalhost", "metadata.google.internal.example.com", "api2.example.com"])
    func namesNeedResolution(_ host: String) {
        #expect(SubscriberAddressPolicy.classify(host: host) == .name)
    }
}
