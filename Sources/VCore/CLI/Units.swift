/// Durations and sizes as users write them on command lines.
public enum Units {
    /// `250ms`, `2s`, `1.5s`, `5m`, `1h`, `1d`, `100us`, a bare number meaning seconds.
    /// Returns nanoseconds.
    public static func parseDuration(_ text: String) -> Int64? {
        let (number, unit) = split(text)
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let scale: Double
        switch unit {
        case "", "s", "sec": scale = 1e9
        case "ms": scale = 1e6
        case "us", "µs": scale = 1e3
        case "ns": scale = 1
        case "m", "min": scale = 60e9
        case "h": scale = 3600e9
        case "d": scale = 86400e9
        default: return nil
        }
        let nanoseconds = value * scale
        guard nanoseconds < 9e18 else { return nil }
        return Int64(nanoseconds.rounded())
    }

    /// `512`, `64k`, `1M`, `2G` (binary multiples; a trailing `B`/`iB` is allowed). Returns bytes.
    public static func parseSize(_ text: String) -> Int? {
        var (number, unit) = split(text)
        unit = unit.lowercased()
        if unit.hasSuffix("ib") { unit.removeLast(2) } else if unit.hasSuffix("b") { unit.removeLast() }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let scale: Double
        switch unit {
        case "": scale = 1
        case "k": scale = 1024
        case "m": scale = 1024 * 1024
        case "g": scale = 1024 * 1024 * 1024
        default: return nil
        }
        let bytes = value * scale
        guard bytes < 9e18, bytes == bytes.rounded() || scale > 1 else { return nil }
        return Int(bytes.rounded())
    }

    /// Renders nanoseconds the way users write them (`60s`, `250ms`, `1.5s`).
    public static func formatDuration(_ nanoseconds: Int64) -> String {
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        if nanoseconds % 1_000 == 0 { return "\(nanoseconds / 1_000)us" }
        return "\(nanoseconds)ns"
    }

    private static func split(_ text: String) -> (String, String) {
        let trimmed = text.trimmingWhitespace()
        guard let unitStart = trimmed.firstIndex(where: { !($0.isNumber || $0 == ".") }) else { return (trimmed, "") }
        return (String(trimmed[..<unitStart]), String(trimmed[unitStart...]))
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension ParsedCommandLine {
    /// The option's value as a duration in nanoseconds, or a usage error naming the option.
    public func duration(_ long: String) throws(UsageError) -> Int64? {
        guard let text = value(long) else { return nil }
        guard let value = Units.parseDuration(text) else {
            throw UsageError("invalid duration '\(text)' for --\(long) (examples: 250ms, 2s, 5m, 1h)")
        }
        return value
    }

    public func size(_ long: String) throws(UsageError) -> Int? {
        guard let text = value(long) else { return nil }
        guard let value = Units.parseSize(text) else {
            throw UsageError("invalid size '\(text)' for --\(long) (examples: 4096, 64k, 1M)")
        }
        return value
    }

    public func integer(_ long: String, atLeast minimum: Int = 0) throws(UsageError) -> Int? {
        guard let text = value(long) else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw UsageError("invalid number '\(text)' for --\(long) (a whole number, at least \(minimum))")
        }
        return value
    }

    /// The value, which must be one of `choices`.
    public func choice(_ long: String, _ choices: [String]) throws(UsageError) -> String? {
        guard let text = value(long) else { return nil }
        guard choices.contains(text) else {
            throw UsageError("invalid value '\(text)' for --\(long) (choose \(choices.joined(separator: ", ")))")
        }
        return text
    }
}
