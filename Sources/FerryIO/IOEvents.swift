internal import CFerryShims

/// Readiness a descriptor is watched for, or was reported with (epoll(7) flags).
public struct IOEvents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer shut down its writing side (EPOLLRDHUP).
    public static let readHangup = IOEvents(rawValue: EPOLLRDHUP.rawValue)
    /// Report changes only (EPOLLET): the owner must read or write until `EAGAIN` before
    /// it can count on another event.
    public static let edgeTriggered = IOEvents(rawValue: EPOLLET.rawValue)
    /// Error or hang-up (EPOLLERR | EPOLLHUP); always reported, never needs asking for.
    public static let error = IOEvents(rawValue: EPOLLERR.rawValue | EPOLLHUP.rawValue)
}

/// Something registered with an ``EventLoop``: told when its descriptor is ready.
///
/// Called only on the loop's own thread.
public protocol Selectable: AnyObject {
    func ready(_ events: IOEvents)
}
