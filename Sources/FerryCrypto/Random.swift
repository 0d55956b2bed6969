internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (`RAND_bytes`).
public enum SecureRandom {
    /// Returns `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` with random bytes.
    ///
    /// A failing CSPRNG is fatal: there is no safe fallback, and continuing with predictable
    /// nonces or keys would be worse than stopping.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard var base = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let chunk = min(remaining, Int(Int32.max))
            let rc = RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(chunk))
            // fatalError rather than precondition: this check must survive -Ounchecked.
            guard rc == 1 else { fatalError("SecureRandom: RAND_bytes failed") }
            base += chunk
            remaining -= chunk
        }
    }
}
