internal import COpenSSL

/// Compares two buffers in time that depends only on their lengths, never on their contents.
///
/// Lengths are not secret (a MAC's size is public), so a length mismatch returns `false`
/// without looking at the bytes. Equal lengths are compared with `CRYPTO_memcmp`.
public func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
    return CRYPTO_memcmp(pa, pb, a.count) == 0
}

/// Compares two byte arrays in constant time (for equal lengths); see the buffer overload.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in constantTimeEquals(pa, pb) } }
}

/// Compares a byte array with a buffer in constant time (for equal lengths).
public func constantTimeEquals(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
    a.withUnsafeBytes { pa in constantTimeEquals(pa, b) }
}

/// Overwrites `buffer` with zeros in a way the optimiser may not remove (`OPENSSL_cleanse`).
public func secureWipe(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    OPENSSL_cleanse(base, buffer.count)
}

/// Wipes the array's storage in place, then leaves it with its count unchanged (all zeros).
///
/// If the storage is shared with another array value, copy-on-write gives this call a fresh
/// copy and the other value's bytes stay as they were: wipe the last owner of the bytes.
public func secureWipe(_ buffer: inout [UInt8]) {
    buffer.withUnsafeMutableBytes { secureWipe($0) }
}
