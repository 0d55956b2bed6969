#if canImport(Glibc)
internal import Glibc
#endif

/// Bytes received on a connection and not yet consumed by a parser.
///
/// A plain array with a read cursor: consuming moves the cursor, and the array is
/// compacted only when it is fully consumed (the common case) or when the unread tail
/// is small, so a pipelined burst is not memmoved once per message.
public struct InboundBuffer {
    public private(set) var storage: [UInt8] = []
    public private(set) var readIndex = 0

    public init() {}

    /// Unconsumed bytes.
    public var readableCount: Int { storage.count - readIndex }
    public var isEmpty: Bool { readIndex == storage.count }

    /// Reads once from `fd` into `scratch` and appends what arrived.
    public mutating func read(from fd: Int32, scratch: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult {
        let result = try Syscall.read(fd, scratch)
        if case .processed(let n) = result, n > 0 {
            storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
        }
        return result
    }

    /// Calls `body` with the unconsumed bytes. Inlinable so callers get a specialized copy:
    /// a generic call across modules costs runtime metadata lookups on every request.
    @inlinable
    public func withReadableBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let start = readIndex
        // Re-throwing a typed error out of withUnsafeBytes needs a Result round trip.
        let result: Result<R, E> = storage.withUnsafeBytes { all in
            do throws(E) {
                return .success(try body(UnsafeRawBufferPointer(rebasing: all[start...])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Marks `count` bytes consumed.
    public mutating func consume(_ count: Int) {
        precondition(count >= 0 && count <= readableCount, "consumed more than was buffered")
        readIndex += count
        if readIndex == storage.count {
            wipeAndClear()
        } else if readIndex >= 4096 && readableCount < readIndex {
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Zeroes what the buffer held and empties it (zero retention: received bytes may be PHI).
    public mutating func wipeAndClear() {
        storage.withUnsafeMutableBytes { wipeMemory($0) }
        storage.removeAll(keepingCapacity: storage.capacity <= 64 * 1024)
        readIndex = 0
    }
}

/// Bytes queued for a connection and not yet accepted by the kernel.
public struct OutboundBuffer {
    /// The queue; append to it, then ``flush(to:)``.
    public var bytes: [UInt8] = []
    private var writeIndex = 0

    public init() {}

    public var isEmpty: Bool { writeIndex == bytes.count }

    /// Writes as much as the socket takes. Returns true when everything was written.
    public mutating func flush(to fd: Int32) throws(SystemError) -> Bool {
        while writeIndex < bytes.count {
            let start = writeIndex
            let result = bytes.withUnsafeBytes { all in
                Result { () throws(SystemError) in try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: all[start...])) }
            }
            switch try result.get() {
            case .processed(let n): writeIndex += n
            case .wouldBlock: return false
            }
        }
        wipeAndClear()
        return true
    }

    /// Zeroes and empties the queue.
    public mutating func wipeAndClear() {
        bytes.withUnsafeMutableBytes { wipeMemory($0) }
        bytes.removeAll(keepingCapacity: bytes.capacity <= 64 * 1024)
        writeIndex = 0
    }
}

/// Zeroes memory in a way the optimizer may not drop (explicit_bzero(3)).
public func wipeMemory(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    explicit_bzero(base, buffer.count)
}
