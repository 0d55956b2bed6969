internal import COpenSSL

/// Secret bytes (keys, shared secrets) that never print and are wiped when released.
///
/// `description`, `debugDescription` and the mirror reveal nothing, so a `Secret` that ends
/// up in a log line, an error or `dump` shows `<redacted>`. Compare with
/// `constantTimeEquals(_:)`; there is deliberately no `Equatable`.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: Storage

    /// Copies `bytes`. The caller's array is left as it is; use `init(wiping:)` to wipe it.
    public init(bytes: [UInt8]) {
        storage = bytes.withUnsafeBytes { Storage(copying: $0) }
    }

    /// Copies `bytes`, then wipes the caller's array.
    public init(wiping bytes: inout [UInt8]) {
        storage = bytes.withUnsafeBytes { Storage(copying: $0) }
        secureWipe(&bytes)
    }

    /// Copies the UTF-8 encoding of `utf8` (Swift strings cannot be wiped; keep them short-lived).
    public init(utf8: String) {
        var copy = Array(utf8.utf8)
        storage = copy.withUnsafeBytes { Storage(copying: $0) }
        secureWipe(&copy)
    }

    /// Copies the bytes of `buffer`.
    public init(copying buffer: UnsafeRawBufferPointer) {
        storage = Storage(copying: buffer)
    }

    /// The number of secret bytes.
    public var count: Int { storage.bytes.count }

    /// Lends the secret bytes to `body`; do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage.bytes))
    }

    /// Whether both secrets hold the same bytes, compared in constant time.
    public func constantTimeEquals(_ other: Secret) -> Bool {
        FerryCrypto.constantTimeEquals(UnsafeRawBufferPointer(storage.bytes),
                                       UnsafeRawBufferPointer(other.storage.bytes))
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension Secret {
    /// Owns the heap copy of the bytes and wipes it on deinit.
    ///
    /// `@unchecked Sendable` is sound: the bytes are written once in `init` and only read
    /// afterwards, so sharing across threads cannot race.
    private final class Storage: @unchecked Sendable {
        let bytes: UnsafeMutableRawBufferPointer

        init(copying source: UnsafeRawBufferPointer) {
            bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 16)
            if source.count > 0 {
                bytes.copyMemory(from: source)
            }
        }

        deinit {
            if let base = bytes.baseAddress, bytes.count > 0 {
                OPENSSL_cleanse(base, bytes.count)
            }
            bytes.deallocate()
        }
    }
}
