/// Timestamps as CloudEvents writes them: RFC 3339 (CloudEvents 1.0 §3.1.1, `Timestamp`).
enum EventTime {
    /// `YYYY-MM-DDTHH:MM:SSZ` for unix seconds, or with `.mmm` for milliseconds (UTC).
    static func rfc3339(unixSeconds: Int64, milliseconds: Int64? = nil) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondOfDay = unixSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if let milliseconds { text += "." + pad(milliseconds, 3) }
        return text + "Z"
    }

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day); Howard Hinnant's
    /// `civil_from_days` algorithm, exact for every representable day.
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// True for an RFC 3339 §5.6 `date-time`: `YYYY-MM-DD(T|t| )HH:MM:SS[.frac](Z|z|±HH:MM)`.
    static func isRFC3339(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
        }
        func byte(_ index: Int, _ allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        guard bytes.count >= 20, digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10),
              byte(10, "Tt "), digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19) else {
            return false
        }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, "Zz") { return index + 1 == bytes.count }
        guard byte(index, "+-"), digits(index + 1..<index + 3), byte(index + 3, ":"), digits(index + 4..<index + 6) else {
            return false
        }
        return index + 6 == bytes.count
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
