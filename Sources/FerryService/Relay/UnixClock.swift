#if canImport(Glibc)
internal import Glibc
#endif

/// Wall-clock time for signature tolerances and `webhook-timestamp`.
public enum UnixClock {
    /// Seconds since 1970-01-01 UTC.
    @Sendable public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }
}
