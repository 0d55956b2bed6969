internal import Synchronization

/// Remembers which events were delivered, so a provider's replay of a delivered message
/// is answered 200 without a second delivery, while a failed one is forwarded again
/// (that is the provider's retry).
///
/// Shared by all loops: sharded maps behind `Mutex` (DESIGN.md, "The engine"). Entries
/// expire after the signature tolerance window (a replay after it fails verification
/// anyway), and each shard holds at most `capacity / shards` entries, dropping the
/// oldest, so memory is bounded whatever the traffic. Holds ids only, never payloads.
public final class DeliveryLedger: Sendable {
    /// What the ledger knows about an event id.
    public enum State: Sendable, Equatable {
        /// Not seen, or its last delivery failed: deliver it (the caller now owns it).
        case deliver
        /// Already delivered inside the window: answer 200 again, do not forward.
        case alreadyDelivered
        /// Another request for the same event is being delivered right now.
        case inFlight
    }

    private struct Entry {
        var delivered: Bool
        var expiresAt: Int64
    }

    private struct Shard {
        var entries: [String: Entry] = [:]
        /// Insertion order for eviction; stale keys are skipped when popped.
        var order: [(key: String, expiresAt: Int64)] = []
        var orderHead = 0
    }

    /// Mutex is not copyable, so each shard's lives in a box an array can hold.
    private final class ShardBox: Sendable {
        let state = Mutex(Shard())
    }

    private let shards: [ShardBox]
    private let perShardCapacity: Int
    private let window: Int64

    public init(window: Int64 = 300, capacity: Int = 200_000, shardCount: Int = 16) {
        shards = (0..<shardCount).map { _ in ShardBox() }
        perShardCapacity = max(1, capacity / shardCount)
        self.window = window
    }

    /// Claims `id` for delivery at `now` (unix seconds) unless it was delivered or is in flight.
    public func begin(_ id: String, now: Int64) -> State {
        shard(for: id).state.withLock { shard in
            Self.expire(&shard, now: now)
            if let entry = shard.entries[id], entry.expiresAt > now {
                return entry.delivered ? .alreadyDelivered : .inFlight
            }
            Self.insert(&shard, id, Entry(delivered: false, expiresAt: now + window), capacity: perShardCapacity)
            return .deliver
        }
    }

    /// Records the end of a delivery begun with ``begin(_:now:)``.
    public func finish(_ id: String, delivered: Bool, now: Int64) {
        shard(for: id).state.withLock { shard in
            if delivered {
                Self.insert(&shard, id, Entry(delivered: true, expiresAt: now + window), capacity: perShardCapacity)
            } else {
                shard.entries[id] = nil
            }
        }
    }

    /// Entries held (for tests and metrics).
    public var count: Int { shards.reduce(0) { total, box in total + box.state.withLock { $0.entries.count } } }

    private func shard(for id: String) -> ShardBox {
        var hasher = Hasher()
        hasher.combine(id)
        return shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
    }

    private static func insert(_ shard: inout Shard, _ id: String, _ entry: Entry, capacity: Int) {
        if shard.entries[id] == nil && shard.entries.count >= capacity {
            evictOldest(&shard)
        }
        shard.entries[id] = entry
        shard.order.append((id, entry.expiresAt))
    }

    private static func expire(_ shard: inout Shard, now: Int64) {
        while shard.orderHead < shard.order.count, shard.order[shard.orderHead].expiresAt <= now {
            let (key, expiresAt) = shard.order[shard.orderHead]
            if let entry = shard.entries[key], entry.expiresAt == expiresAt { shard.entries[key] = nil }
            shard.orderHead += 1
        }
        compact(&shard)
    }

    private static func evictOldest(_ shard: inout Shard) {
        while shard.orderHead < shard.order.count {
            let (key, expiresAt) = shard.order[shard.orderHead]
            shard.orderHead += 1
            if let entry = shard.entries[key], entry.expiresAt == expiresAt {
                shard.entries[key] = nil
                break
            }
        }
        compact(&shard)
    }

    private static func compact(_ shard: inout Shard) {
        if shard.orderHead > 1024 && shard.orderHead * 2 > shard.order.count {
            shard.order.removeFirst(shard.orderHead)
            shard.orderHead = 0
        }
    }
}
