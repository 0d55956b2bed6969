internal import FerryCrypto
internal import FerryDelivery
internal import FerryHTTP
internal import FerryIO
internal import Foundation

/// The top-level fields: the JSON itself, `listen`, `publicBaseURL`, `providersPath`.
extension ConfigLoader {
    /// The parsed JSON, or nil with one issue at `$` that never quotes the file's content.
    static func decodeJSON(_ data: [UInt8], issues: IssueList) -> Any? {
        guard data.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            issues.error("$", "the file is empty; expected a JSON object")
            return nil
        }
        var buffer = Data(data)
        // The Data copy may hold literal secrets too.
        defer { buffer.withUnsafeMutableBytes { secureWipe($0) } }
        do {
            return try JSONSerialization.jsonObject(with: buffer, options: [.fragmentsAllowed])
        } catch {
            issues.error("$", "not valid JSON" + location(of: error, in: data))
            return nil
        }
    }

    /// " (line L, column C)" from JSONSerialization's error, whichever way it says where;
    /// only the numbers are taken, since its message may quote a character of the file.
    private static func location(of error: any Error, in data: [UInt8]) -> String {
        let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        if let line = number(after: "line ", in: message), let column = number(after: "column ", in: message) {
            return " (line \(line), column \(column))"
        }
        if let offset = number(after: "character ", in: message), offset <= data.count {
            var line = 1
            var column = 1
            for byte in data[0..<offset] {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return " (line \(line), column \(column))"
        }
        if message.contains("end of file") { return ": it ends before the JSON is complete" }
        return ""
    }

    private static func number(after label: String, in message: String) -> Int? {
        guard let range = message.range(of: label) else { return nil }
        return Int(String(message[range.upperBound...].prefix { $0.isASCII && $0.isNumber }))
    }

    static func readListen(_ root: ObjectReader) -> [SocketAddress] {
        guard root.contains("listen") else { return RelayConfiguration.defaultListen }
        guard let items = root.array("listen") else { return [] }
        if items.isEmpty {
            root.issues.error(root.path("listen"), "must list at least one address (leave 'listen' out for 127.0.0.1:8080)")
        }
        var addresses: [SocketAddress] = []
        var firstPath: [SocketAddress: String] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = JSONPath.index(root.path("listen"), index)
            guard let entry = ObjectReader(item, path: itemPath, issues: root.issues,
                                           what: "an object like {\"address\": \"127.0.0.1\", \"port\": 8080}") else { continue }
            entry.reportUnknownKeys(known: ["address", "port"])
            let host = entry.string("address", required: true)
            let port = entry.integer("port", in: 0...65535, required: true)
            guard let host, let port else { continue }
            guard let address = try? SocketAddress(host: host, port: port) else {
                entry.issues.error(entry.path("address"),
                                   "'\(JSONPath.display(host))' is not a numeric IPv4 or IPv6 address (e.g. 127.0.0.1, 0.0.0.0, ::)")
                continue
            }
            // Port 0 asks the kernel for a free port, so two of them do not clash.
            if port != 0, let first = firstPath[address] {
                entry.issues.error(itemPath, "the same address and port as \(first)")
                continue
            }
            firstPath[address] = itemPath
            addresses.append(address)
        }
        return addresses
    }

    static func readPublicBaseURL(_ root: ObjectReader) -> String? {
        guard let text = root.string("publicBaseURL", required: true) else { return nil }
        let path = root.path("publicBaseURL")
        let beforeQuery = String(text.prefix { $0 != "?" && $0 != "#" })
        guard (try? HTTPURL(beforeQuery)) != nil else {
            root.issues.error(path, "must be an absolute http:// or https:// URL without user info (e.g. https://hooks.example.com)")
            return nil
        }
        if text.contains("?") {
            root.issues.error(path, "must not have a query")
        } else if text.contains("#") {
            root.issues.error(path, "must not have a fragment")
        } else if text.hasSuffix("/") {
            root.issues.error(path, "must not end with '/' (webhook URLs are <publicBaseURL>/hooks/…)")
        } else {
            if text.lowercased().hasPrefix("http://"), let url = try? HTTPURL(text),
               case .refused = SubscriberAddressPolicy.classify(host: url.host) {
                // Local setups: nothing crosses a network.
            } else if text.lowercased().hasPrefix("http://") {
                root.issues.warning(path, "plain http: providers would send webhooks unencrypted; use https")
            }
            return text
        }
        return nil
    }

    /// The providers folder, resolved against the config's directory when relative.
    static func readProvidersPath(_ root: ObjectReader, baseDirectory: String) -> String? {
        guard root.contains("providersPath") else {
            return ConfigPaths.resolve(RelayConfiguration.defaultProvidersPath, against: baseDirectory)
        }
        guard let text = root.string("providersPath") else { return nil }
        guard !text.isEmpty, !text.utf8.contains(0) else {
            root.issues.error(root.path("providersPath"), "must be a folder path")
            return nil
        }
        return ConfigPaths.resolve(text, against: baseDirectory)
    }
}
