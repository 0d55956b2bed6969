/// Turns a parsed `provider.json` into a ``ProviderDescriptor`` (format: Providers/README.md).
enum DescriptorParser {
    static let topKeys: Set<String> = ["id", "displayName", "category", "docs", "signature", "handshakes",
                                       "contentTypes", "event", "mappings", "delivery", "retries", "notes"]

    static func descriptor(_ root: Any, expectedID: String?, reader: inout DescriptorReader) -> ProviderDescriptor? {
        guard let object = reader.object(root, at: "$", allowed: topKeys) else { return nil }
        let id = reader.string(object, "id", at: "$")
        if let id, let expectedID, id != expectedID {
            reader.fail("$.id", "must equal the folder name \"\(expectedID)\"")
        }
        if let id, !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            reader.fail("$.id", "must be lowercase letters, digits and '-'")
        }
        let displayName = reader.string(object, "displayName", at: "$")
        let category = reader.string(object, "category", at: "$")
        if let category, !category.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" }) {
            reader.fail("$.category", "must be a lowercase word (ehr, hris, …)")
        }
        let docs = reader.strings(object, "docs", at: "$") ?? []
        if docs.isEmpty { reader.fail("$.docs", "must link the provider's webhook documentation") }
        _ = reader.strings(object, "notes", at: "$")
        let signature = SchemeParser.scheme(object["signature"], reader: &reader)
        let handshakes = reader.array(object, "handshakes", at: "$").enumerated().compactMap { index, value in
            handshake(value, at: "$.handshakes[\(index)]", reader: &reader)
        }
        let contentTypes = (reader.strings(object, "contentTypes", at: "$") ?? ["application/json"]).map { $0.lowercased() }
        let event = eventFields(object["event"], reader: &reader)
        let mappings = reader.array(object, "mappings", at: "$").enumerated().compactMap { index, value in
            mapping(value, at: "$.mappings[\(index)]", reader: &reader)
        }
        var timeoutMs = 10_000
        if let delivery = object["delivery"],
           let deliveryObject = reader.object(delivery, at: "$.delivery", allowed: ["providerTimeoutMs"]) {
            timeoutMs = reader.integer(deliveryObject, "providerTimeoutMs", at: "$.delivery", in: 500...120_000) ?? timeoutMs
        }
        if let retries = object["retries"] {
            _ = reader.object(retries, at: "$.retries", allowed: ["on2xx", "on4xx", "on5xx", "on410", "schedule"])
        }
        guard let id, let displayName, let category, let signature else { return nil }
        return ProviderDescriptor(id: id, displayName: displayName, category: category, docs: docs,
                                  signature: signature, handshakes: handshakes, contentTypes: contentTypes,
                                  event: event, mappings: mappings, providerTimeout: .milliseconds(timeoutMs))
    }

    static func eventFields(_ value: Any?, reader: inout DescriptorReader) -> ProviderDescriptor.EventFields {
        guard let value else { return ProviderDescriptor.EventFields(id: nil, type: nil, time: nil, subject: nil) }
        guard let object = reader.object(value, at: "$.event", allowed: ["id", "type", "time", "subject"]) else {
            return ProviderDescriptor.EventFields(id: nil, type: nil, time: nil, subject: nil)
        }
        let id = object["id"].flatMap { source($0, at: "$.event.id", allowTemplate: false, reader: &reader) }
        let type = object["type"].flatMap { source($0, at: "$.event.type", allowTemplate: false, reader: &reader) }
        let subject = object["subject"].flatMap { source($0, at: "$.event.subject", allowTemplate: true, reader: &reader) }
        var time: TimeSource?
        if let timeValue = object["time"] {
            let elements = (timeValue as? [Any]).map { list in list.enumerated().map { ($1, "$.event.time[\($0)]") } }
                ?? [(timeValue, "$.event.time")]
            var candidates: [(source: ValueSource, format: TimeSource.Format)] = []
            for (element, path) in elements {
                guard let source = source(element, at: path, allowTemplate: false, extraKeys: ["format"], reader: &reader) else {
                    continue
                }
                let formatText = (element as? [String: Any]).flatMap { reader.string($0, "format", at: path, required: false) }
                guard let format = formatText.map({ TimeSource.Format(rawValue: $0) }) ?? .rfc3339 else {
                    reader.fail("\(path).format", "must be rfc3339, unix or unix-ms")
                    continue
                }
                candidates.append((source, format))
            }
            if !candidates.isEmpty { time = TimeSource(candidates: candidates) }
        }
        return ProviderDescriptor.EventFields(id: id, type: type, time: time, subject: subject)
    }

    /// A source object, or (for event fields) an array of them tried in order.
    static func source(_ value: Any, at path: String, allowTemplate: Bool, extraKeys: Set<String> = [],
                       reader: inout DescriptorReader) -> ValueSource? {
        if let list = value as? [Any] {
            guard !list.isEmpty else {
                reader.fail(path, "must not be an empty array")
                return nil
            }
            let sources = list.enumerated().compactMap { index, element in
                Self.source(element, at: "\(path)[\(index)]", allowTemplate: allowTemplate, extraKeys: extraKeys, reader: &reader)
            }
            guard sources.count == list.count else { return nil }
            return sources.count == 1 ? sources[0] : .firstOf(sources)
        }
        let keys: Set<String> = Set(["pointer", "header", "template", "const", "split"]).union(extraKeys)
        guard let object = reader.object(value, at: path, allowed: keys) else { return nil }
        let kinds = ["pointer", "header", "template", "const"].filter { object[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            reader.fail(path, "must have exactly one of pointer, header, template, const")
            return nil
        }
        guard let text = object[kind] as? String else {
            reader.fail("\(path).\(kind)", "must be a string")
            return nil
        }
        var found: ValueSource?
        switch kind {
        case "pointer":
            found = reader.pointer(text, at: "\(path).pointer").map(ValueSource.pointer)
        case "header":
            found = reader.headerName(text, at: "\(path).header").map(ValueSource.header)
        case "template":
            if allowTemplate {
                found = template(text, at: "\(path).template", reader: &reader).map(ValueSource.template)
            } else {
                reader.fail("\(path).template", "templates are allowed for subject only")
            }
        default:
            found = .constant(text)
        }
        guard let split = object["split"] else { return found }
        guard kind == "pointer" || kind == "header" else {
            reader.fail("\(path).split", "applies to pointer and header sources only")
            return nil
        }
        guard let splitObject = reader.object(split, at: "\(path).split", allowed: ["separator", "index"]),
              let separator = reader.string(splitObject, "separator", at: "\(path).split"),
              let index = reader.integer(splitObject, "index", at: "\(path).split", in: 0...64) else {
            if let splitObject = split as? [String: Any], splitObject["index"] == nil {
                reader.fail("\(path).split.index", "is required")
            }
            return nil
        }
        return found.map { .split($0, separator: separator, index: index) }
    }

    static func template(_ text: String, at path: String, reader: inout DescriptorReader) -> [ValueSource.TemplatePart]? {
        var parts: [ValueSource.TemplatePart] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                reader.fail(path, "has an unclosed '{'")
                return nil
            }
            let pointer = String(rest[rest.index(after: open)..<close])
            guard reader.pointer(pointer, at: path) != nil, !pointer.isEmpty else { return nil }
            parts.append(.pointer(pointer))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return parts
    }

    static func handshake(_ value: Any, at path: String, reader: inout DescriptorReader) -> Handshake? {
        guard let object = reader.object(value, at: path, allowed: ["kind", "method", "parameter", "when", "echo"]) else {
            return nil
        }
        switch reader.string(object, "kind", at: path) {
        case "echo-query":
            guard let parameter = reader.string(object, "parameter", at: path) else { return nil }
            let method = reader.string(object, "method", at: path, required: false) ?? "GET"
            return .echoQuery(method: method.uppercased(), parameter: parameter)
        case "json-challenge":
            guard let when = reader.object(object["when"], at: "\(path).when", allowed: ["pointer", "equals"]),
                  let pointer = reader.pointer(reader.string(when, "pointer", at: "\(path).when"), at: "\(path).when.pointer"),
                  let equals = reader.string(when, "equals", at: "\(path).when"),
                  let echo = reader.pointer(reader.string(object, "echo", at: path), at: "\(path).echo") else { return nil }
            return .jsonChallenge(whenPointer: pointer, equals: equals, echoPointer: echo)
        case nil:
            return nil
        case let other?:
            reader.fail("\(path).kind", "unknown handshake kind \"\(other)\" (echo-query, json-challenge)")
            return nil
        }
    }

    static func mapping(_ value: Any, at path: String, reader: inout DescriptorReader) -> ProviderDescriptor.Mapping? {
        guard let object = reader.object(value, at: path, allowed: ["providerType", "whenHeaderPresent", "type", "fields"]) else {
            return nil
        }
        let providerType = reader.string(object, "providerType", at: path)
        let header = reader.headerName(reader.string(object, "whenHeaderPresent", at: path, required: false),
                                       at: "\(path).whenHeaderPresent")
        let type = reader.string(object, "type", at: path)
        if let type, !isUnifiedType(type) {
            reader.fail("\(path).type", "must be a unified type like ehr.patient.created (lowercase, dot-separated)")
        }
        var fields: [(path: [String], source: ValueSource)] = []
        if let fieldValue = object["fields"] {
            guard let map = fieldValue as? [String: Any] else {
                reader.fail("\(path).fields", "must be an object of field path → JSON Pointer or source")
                return nil
            }
            for key in map.keys.sorted() {
                let fieldPath = "\(path).fields.\(key)"
                let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                if segments.contains(where: \.isEmpty) {
                    reader.fail(fieldPath, "field path must be dot-separated names")
                    continue
                }
                let value = map[key] as Any
                if let pointer = value as? String {
                    if let checked = reader.pointer(pointer, at: fieldPath) { fields.append((segments, .pointer(checked))) }
                } else if value is [String: Any] {
                    if let source = source(value, at: fieldPath, allowTemplate: false, reader: &reader) {
                        fields.append((segments, source))
                    }
                } else {
                    reader.fail(fieldPath, "must be a JSON Pointer string or a source object")
                }
            }
            // A name cannot be both a value and an object of further fields.
            for field in fields {
                if fields.contains(where: { $0.path.count > field.path.count && Array($0.path.prefix(field.path.count)) == field.path }) {
                    reader.fail("\(path).fields.\(field.path.joined(separator: "."))", "is also the parent of other fields")
                }
            }
        }
        guard let providerType, let type else { return nil }
        return ProviderDescriptor.Mapping(providerType: providerType, whenHeaderPresent: header, unifiedType: type, fields: fields)
    }

    /// `ehr.patient.created`: at least three lowercase segments of [a-z0-9_].
    static func isUnifiedType(_ text: String) -> Bool {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        return segments.count >= 3 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        }
    }
}
