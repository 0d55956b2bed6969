#if canImport(Glibc)
internal import Glibc
#endif

/// A failed system call: which call, and the errno it left.
///
/// The description names the call and the error only; it never carries data that was
/// read or written (payloads may hold PHI).
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `"bind"`.
    public let call: String
    /// The `errno` value the call left.
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        let reason = strerror(errno).map { String(cString: $0) } ?? "unknown error"
        return "\(call)(2) failed: \(reason) (errno \(errno))"
    }

    /// True when the call would have blocked (`EAGAIN` / `EWOULDBLOCK`).
    public var wouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }
}
