#if canImport(Glibc)
internal import Glibc
#endif

/// Bytes received on a connection and not yet consumed by a parser.
///
/// Owns its memory (not an Array): reads land directly in it, parsers look at
/// ``readableBytes`` without a closure or a copy, and the bytes are wiped when consumed and
/// when the buffer goes away (zero retention: received bytes may be PHI). Consuming moves a
/// cursor; the unread tail is moved to the front only when space runs out.
public struct InboundBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    private var count = 0
    public private(set) var readIndex = 0

    /// Free space guaranteed before each read.
    public static let readChunk = 16 * 1024

    public init() {}

    deinit {
        guard let base else { return }
        wipeMemory(UnsafeMutableRawBufferPointer(start: base, count: count))
        base.deallocate()
    }

    /// Unconsumed bytes.
    public var readableCount: Int { count - readIndex }
    public var isEmpty: Bool { readIndex == count }

    /// The unconsumed bytes; valid until the next mutating call.
    public var readableBytes: UnsafeRawBufferPointer {
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + readIndex, count: count - readIndex)
    }

    /// Reads once from `fd` straight into the buffer.
    public mutating func read(from fd: Int32) throws(SystemError) -> IOResult {
        reserveFreeSpace(Self.readChunk)
        let free = UnsafeMutableRawBufferPointer(start: base! + count, count: capacity - count)
        let result = try Syscall.read(fd, free)
        lastReadDrained = false
        if case .processed(let n) = result {
            count += n
            // A stream socket that returns less than was asked for has nothing more queued
            // right now; new data raises a new edge (epoll(7)), so no EAGAIN read is needed.
            lastReadDrained = n > 0 && n < free.count
        }
        return result
    }

    /// Whether the last read left the socket's receive queue empty (a short read).
    public private(set) var lastReadDrained = false

    /// Marks `consumed` bytes consumed, wiping them.
    public mutating func consume(_ consumed: Int) {
        precondition(consumed >= 0 && consumed <= readableCount, "consumed more than was buffered")
        guard consumed > 0, let base else { return }
        wipeMemory(UnsafeMutableRawBufferPointer(start: base + readIndex, count: consumed))
        readIndex += consumed
        if readIndex == count {
            readIndex = 0
            count = 0
        }
    }

    /// Zeroes what the buffer held and empties it.
    public mutating func wipeAndClear() {
        if let base { wipeMemory(UnsafeMutableRawBufferPointer(start: base, count: count)) }
        readIndex = 0
        count = 0
    }

    private mutating func reserveFreeSpace(_ needed: Int) {
        if capacity - count >= needed { return }
        let unread = count - readIndex
        if let base, readIndex > 0, capacity - unread >= needed {
            // Room enough once the consumed front is dropped (it was wiped when consumed).
            base.copyMemory(from: base + readIndex, byteCount: unread)
            wipeMemory(UnsafeMutableRawBufferPointer(start: base + unread, count: count - unread))
            readIndex = 0
            count = unread
            return
        }
        let newCapacity = max(capacity * 2, unread + needed, 4096)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            newBase.copyMemory(from: base + readIndex, byteCount: unread)
            wipeMemory(UnsafeMutableRawBufferPointer(start: base, count: count))
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
        readIndex = 0
        count = unread
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

/// Zeroes the storage of `bytes` in place, whoever else shares it.
///
/// Deliberately bypasses copy-on-write (a mutation through the array would copy first and
/// wipe only the copy): for payload buffers whose owners agreed they are dead, e.g. a
/// request body once its answer is written (DESIGN.md, zero retention).
public func wipeSharedStorage(of bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { shared in
        wipeMemory(UnsafeMutableRawBufferPointer(mutating: UnsafeRawBufferPointer(shared)))
    }
}
