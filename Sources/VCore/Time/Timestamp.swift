/// ISO 8601 / RFC 3339 timestamps to and from epoch nanoseconds, on raw bytes.
public enum Timestamp {
    private static let nsPerSecond: Int64 = 1_000_000_000
    private static let pow10: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    // MARK: Formatting

    /// Appends e.g. `2026-01-06T12:00:00.123456+00:00` (the victor agent's format: microseconds
    /// and an explicit `+00:00`). `offsetSeconds` renders local time with its `+HH:MM` / `-HH:MM`
    /// offset; it is truncated to whole minutes (for both the shift and the suffix) so the string
    /// always denotes the same instant. `fractionDigits` is clamped to 0...9 (fractions truncate,
    /// never round); 0 omits the dot. Years outside 0...9999 cannot occur with Int64 nanoseconds
    /// (1677...2262) but would still be written as a signed, at least four-digit year.
    public static func appendISO8601(epochNanoseconds: Int64, offsetSeconds: Int = 0, fractionDigits: Int = 6,
                                     into output: inout [UInt8]) {
        var seconds = epochNanoseconds / nsPerSecond
        var fraction = epochNanoseconds % nsPerSecond
        if fraction < 0 { fraction += nsPerSecond; seconds -= 1 }
        let offsetMinutes = offsetSeconds / 60
        seconds += Int64(offsetMinutes * 60)

        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let date = CivilDate.ymd(fromDays: Int(days))
        let sod = Int(secondOfDay)

        var year = date.year
        if year < 0 { output.append(UInt8(ascii: "-")); year = -year }
        if year > 9999 { appendDecimal(year, into: &output) } else { append4(year, into: &output) }
        output.append(UInt8(ascii: "-"))
        append2(date.month, into: &output)
        output.append(UInt8(ascii: "-"))
        append2(date.day, into: &output)
        output.append(UInt8(ascii: "T"))
        append2(sod / 3600, into: &output)
        output.append(UInt8(ascii: ":"))
        append2(sod / 60 % 60, into: &output)
        output.append(UInt8(ascii: ":"))
        append2(sod % 60, into: &output)

        let digits = min(max(fractionDigits, 0), 9)
        if digits > 0 {
            output.append(UInt8(ascii: "."))
            var value = fraction / pow10[9 - digits]
            let start = output.count
            for _ in 0..<digits { output.append(0) }
            var i = start + digits - 1
            while i >= start {
                output[i] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
                i -= 1
            }
        }

        output.append(UInt8(ascii: offsetMinutes < 0 ? "-" : "+"))
        let absMinutes = abs(offsetMinutes)
        append2(absMinutes / 60, into: &output)
        output.append(UInt8(ascii: ":"))
        append2(absMinutes % 60, into: &output)
    }

    public static func iso8601(epochNanoseconds: Int64, offsetSeconds: Int = 0, fractionDigits: Int = 6) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        appendISO8601(epochNanoseconds: epochNanoseconds, offsetSeconds: offsetSeconds,
                      fractionDigits: fractionDigits, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    private static func append2(_ v: Int, into output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: 48 + v / 10 % 10))
        output.append(UInt8(truncatingIfNeeded: 48 + v % 10))
    }

    @inline(__always)
    private static func append4(_ v: Int, into output: inout [UInt8]) {
        append2(v / 100, into: &output)
        append2(v % 100, into: &output)
    }

    private static func appendDecimal(_ v: Int, into output: inout [UInt8]) {
        if v >= 10 { appendDecimal(v / 10, into: &output) }
        output.append(UInt8(truncatingIfNeeded: 48 + v % 10))
    }

    // MARK: Parsing

    /// Parses a timestamp to epoch nanoseconds, or nil if it is not one. Accepted forms:
    ///
    /// - ISO 8601 / RFC 3339 date-times: `2026-01-06T12:00:00Z`, `…+00:00`, `…-0530`, `…+05`,
    ///   `t` or a space instead of `T`, lower-case `z`, fractional seconds of any length after `.`
    ///   or `,` (truncated to nanoseconds), seconds optional (`2026-01-06T12:00Z`), leap second `:60`
    ///   (counts as the first second of the next minute, like timegm). No zone at all means UTC
    ///   (naive timestamps in logs are overwhelmingly UTC). A bare date `2026-01-06` is midnight UTC.
    /// - Numeric epoch: seconds (`1767700800`, `1767700800.25`, `-1.5`) or, when |value| >= 1e11,
    ///   milliseconds (`1767700800123`, `1767700800123.5`): 1e11 s would lie beyond year 5000 and
    ///   outside Int64 nanoseconds anyway, while 1e11 ms is March 1973.
    ///
    /// Everything else — surrounding whitespace included — is rejected, as are out-of-range fields
    /// (month 13, 31 April, 29 February of a common year, hour 24, offsets beyond ±23:59) and
    /// results that overflow Int64 nanoseconds. Allocation-free; safe to call per event.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        if n == 0 { return nil }
        if n >= 10 && bytes[4] == UInt8(ascii: "-") { return parseDateTime(bytes) }
        return parseEpoch(bytes)
    }

    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Value of `count` ASCII digits at `at`, or -1.
    @inline(__always)
    private static func digits(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int {
        if at + count > b.count { return -1 }
        var v = 0
        for i in at..<(at + count) {
            let d = Int(b[i]) &- 48
            if d < 0 || d > 9 { return -1 }
            v = v * 10 + d
        }
        return v
    }

    private static func parseDateTime(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        let year = digits(b, 0, 4), month = digits(b, 5, 2), day = digits(b, 8, 2)
        guard year >= 0, month >= 1, month <= 12, b[7] == UInt8(ascii: "-"),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        let days = Int64(CivilDate.days(year: year, month: month, day: day))
        if n == 10 {
            // Found by fuzzing: a date past 2262 overflows Int64 nanoseconds.
            let (total, overflow) = (days * 86_400).multipliedReportingOverflow(by: nsPerSecond)
            return overflow ? nil : total
        }

        let sep = b[10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " ") else { return nil }
        let hour = digits(b, 11, 2), minute = digits(b, 14, 2)
        guard n >= 16, hour >= 0, hour <= 23, b[13] == UInt8(ascii: ":"), minute >= 0, minute <= 59 else { return nil }
        var pos = 16
        var second = 0
        if pos < n && b[pos] == UInt8(ascii: ":") {
            second = digits(b, pos + 1, 2)
            guard second >= 0, second <= 60 else { return nil }
            pos += 3
        }
        var fraction: Int64 = 0
        if pos < n && (b[pos] == UInt8(ascii: ".") || b[pos] == UInt8(ascii: ",")) {
            pos += 1
            var count = 0
            while pos < n {
                let d = Int64(b[pos]) &- 48
                if d < 0 || d > 9 { break }
                if count < 9 { fraction = fraction * 10 + d }
                count += 1
                pos += 1
            }
            guard count > 0 else { return nil }
            if count < 9 { fraction *= pow10[9 - count] }
        }
        var offset = 0
        if pos < n {
            let z = b[pos]
            if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
                pos += 1
            } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
                let oh = digits(b, pos + 1, 2)
                guard oh >= 0, oh <= 23 else { return nil }
                pos += 3
                var om = 0
                if pos < n {
                    if b[pos] == UInt8(ascii: ":") { pos += 1 }
                    om = digits(b, pos, 2)
                    guard om >= 0, om <= 59 else { return nil }
                    pos += 2
                }
                offset = (oh * 60 + om) * 60
                if z == UInt8(ascii: "-") { offset = -offset }
            } else {
                return nil
            }
        }
        guard pos == n else { return nil }
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        let (scaled, o1) = seconds.multipliedReportingOverflow(by: nsPerSecond)
        let (total, o2) = scaled.addingReportingOverflow(fraction)
        return o1 || o2 ? nil : total
    }

    private static func parseEpoch(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        var pos = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") { negative = true; pos = 1 } else if b[0] == UInt8(ascii: "+") { pos = 1 }
        var integer: Int64 = 0
        let intStart = pos
        while pos < n {
            let d = Int64(b[pos]) &- 48
            if d < 0 || d > 9 { break }
            if pos - intStart >= 18 { return nil }   // > 10^18: no valid timestamp in either unit
            integer = integer * 10 + d
            pos += 1
        }
        guard pos > intStart else { return nil }
        // Fraction: up to 9 digits kept (more are truncated), as nanoseconds-of-a-unit scaled below.
        var fraction: Int64 = 0
        var fractionDigits = 0
        if pos < n && b[pos] == UInt8(ascii: ".") {
            pos += 1
            let fracStart = pos
            while pos < n {
                let d = Int64(b[pos]) &- 48
                if d < 0 || d > 9 { break }
                if fractionDigits < 9 { fraction = fraction * 10 + d; fractionDigits += 1 }
                pos += 1
            }
            guard pos > fracStart else { return nil }
        }
        guard pos == n else { return nil }
        if fractionDigits < 9 { fraction *= pow10[9 - fractionDigits] }   // fraction in 1e-9 units

        let isMilliseconds = integer >= 100_000_000_000
        let unit: Int64 = isMilliseconds ? 1_000_000 : nsPerSecond
        let sub = isMilliseconds ? fraction / 1_000 : fraction
        let (scaled, o1) = integer.multipliedReportingOverflow(by: unit)
        let (total, o2) = scaled.addingReportingOverflow(sub)
        if o1 || o2 { return nil }
        return negative ? -total : total
    }

    // MARK: Local time

    private static let tzInitialised: Bool = { tzset(); return true }()

    /// The local UTC offset (seconds east of UTC) in effect at that instant, from localtime_r's
    /// tm_gmtoff; honours TZ (read once, at the first call).
    public static func localOffsetSeconds(atEpochSeconds seconds: Int64) -> Int {
        _ = tzInitialised
        var t = time_t(seconds)
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
