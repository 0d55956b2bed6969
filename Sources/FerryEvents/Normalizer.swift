public import FerryProviders
internal import FerryCrypto
internal import FerryJSON

/// Turns a ``VerifiedDelivery`` into a ``UnifiedEvent``: the CloudEvents 1.0 envelope of
/// DESIGN.md with the descriptor's mapping applied.
///
/// Reads the body in place (one JSON index, lookups by pointer) and writes the envelope
/// straight into bytes. Immutable after init, so one instance serves every loop.
public struct Normalizer: Sendable {
    private let providers: [String: CompiledProvider]
    private let publicBaseURL: String

    /// `publicBaseURL` forms each event's `source`: `<base>/hooks/<provider>/<connection>`.
    public init(catalog: ProviderCatalog, publicBaseURL: String) {
        providers = catalog.providers.mapValues(CompiledProvider.init)
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.publicBaseURL = base
    }

    /// Normalizes `delivery`. `receivedAt` (unix seconds) is the time used when neither the
    /// body nor the signature carries one; `traceparent` is added as an extension when given.
    public func normalize(_ delivery: VerifiedDelivery, receivedAt: Int64,
                          traceparent: String? = nil) throws(NormalizationError) -> UnifiedEvent {
        guard let provider = providers[delivery.provider.id] else { throw .unknownProvider }
        let event = delivery.body.withUnsafeBytes { body -> UnifiedEvent? in
            guard let index = try? JSONIndex(body) else { return nil }
            let reader = SourceReader(index: index, body: body, headers: delivery.headers)
            let descriptor = provider.descriptor

            let providerEventID = provider.id.flatMap(reader.text) ?? delivery.messageID
                ?? "sha256:" + Hex.encode(SHA256.hash(body))
            let providerType = provider.type.flatMap(reader.text)
            let mappingIndex = providerType.flatMap { type in
                descriptor.mappings.firstIndex { mapping in
                    mapping.providerType == type
                        && (mapping.whenHeaderPresent.map { delivery.headers.contains($0) } ?? true)
                }
            }
            let unifiedType = mappingIndex.map { descriptor.mappings[$0].unifiedType }
                ?? "\(descriptor.category).provider_event"
            let id = Self.eventID(provider: descriptor.id, connection: delivery.connectionID, providerEventID: providerEventID)
            let time = eventTime(provider, reader: reader, delivery: delivery, receivedAt: receivedAt)

            var writer = JSONWriter(capacity: body.count + 512)
            writer.beginObject()
            writer.key("specversion"); writer.string("1.0")
            writer.key("id"); writer.string(id)
            writer.key("source"); writer.string("\(publicBaseURL)/hooks/\(descriptor.id)/\(delivery.connectionID)")
            writer.key("type"); writer.string(unifiedType)
            writer.key("time"); writer.string(time)
            if let subject = provider.subject.flatMap(reader.text) {
                writer.key("subject"); writer.string(subject)
            }
            writer.key("datacontenttype"); writer.string("application/json")
            writer.key("data")
            if let mappingIndex {
                reader.write(provider.fieldTrees[mappingIndex], into: &writer)
            } else {
                // No mapping: the provider's body goes out unchanged, typed honestly as provider_event.
                writer.raw(body)
            }
            writer.key("provider"); writer.string(descriptor.id)
            writer.key("connection"); writer.string(delivery.connectionID)
            if let providerType {
                writer.key("providereventtype"); writer.string(providerType)
            }
            if let traceparent {
                writer.key("traceparent"); writer.string(traceparent)
            }
            writer.endObject()
            return UnifiedEvent(id: id, type: unifiedType, providerEventType: providerType,
                                provider: descriptor.id, connection: delivery.connectionID, json: writer.bytes)
        }
        guard let event else { throw .invalidJSON }
        return event
    }

    /// `evt_` + hex of the first 16 bytes of SHA-256("<provider>\n<connection>\n<provider event id>")
    /// (Providers/README.md, fixtures): the same provider event always gets the same id.
    public static func eventID(provider: String, connection: String, providerEventID: String) -> String {
        let digest = SHA256.hash(Array("\(provider)\n\(connection)\n\(providerEventID)".utf8))
        return "evt_" + Hex.encode(Array(digest.prefix(16)))
    }

    private func eventTime(_ provider: CompiledProvider, reader: SourceReader, delivery: VerifiedDelivery,
                           receivedAt: Int64) -> String {
        for (source, format) in provider.time {
            guard let text = reader.text(source) else { continue }
            switch format {
            case .rfc3339:
                if EventTime.isRFC3339(text) { return text }
            case .unix:
                if let seconds = Int64(text) { return EventTime.rfc3339(unixSeconds: seconds) }
            case .unixMilliseconds:
                if let millis = Int64(text) {
                    let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
                    return EventTime.rfc3339(unixSeconds: seconds, milliseconds: millis - seconds * 1000)
                }
            }
        }
        return EventTime.rfc3339(unixSeconds: delivery.signatureTimestamp ?? receivedAt)
    }
}
