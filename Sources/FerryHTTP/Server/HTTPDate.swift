#if canImport(Glibc)
internal import Glibc
#endif

/// The `Date` field value, formatted once per second per loop.
///
/// RFC 9110 §6.6.1: an origin server with a clock MUST send `Date` in 2xx, 3xx and 4xx
/// responses; the format is IMF-fixdate (RFC 9110 §5.6.7).
struct HTTPDateCache {
    private var second: Int = -1
    private var cached = ""

    mutating func current() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &ts)
        let now = Int(ts.tv_sec)
        if now != second {
            second = now
            cached = Self.format(epochSeconds: now)
        }
        return cached
    }

    static func format(epochSeconds: Int) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
