/// How fast events come: a number of events per second, minute, hour or day, or `max` (no pacing).
///
/// Accepted: `20` (per second), `0.5`, `20/s`, `5/min` (also `/m`, `/minute`), `100/h`, `1000/d`
/// and `max`. The number must be positive and finite.
enum Rate: Equatable, Sendable {
    case perSecond(Double)
    case max

    /// Events per second for `Pacer` (`.infinity` for `max`, which the pacer treats as unpaced).
    var eventsPerSecond: Double {
        switch self {
        case .perSecond(let r): r
        case .max: .infinity
        }
    }

    var isMax: Bool { self == .max }

    init?(parsing text: String) {
        let trimmed = text.filter { $0 != " " }.lowercased()
        if trimmed == "max" { self = .max; return }
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty, first.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(first), value.isFinite, value > 0 else { return nil }
        var seconds = 1.0
        if parts.count == 2 {
            switch parts[1] {
            case "s", "sec", "second": seconds = 1
            case "m", "min", "minute": seconds = 60
            case "h", "hr", "hour": seconds = 3600
            case "d", "day": seconds = 86_400
            default: return nil
            }
        }
        let perSecond = value / seconds
        guard perSecond.isFinite, perSecond > 0 else { return nil }
        self = .perSecond(perSecond)
    }

    /// As a person would write it: `20/s`, `5/min`, `max`.
    var description: String {
        switch self {
        case .max: return "max"
        case .perSecond(let r):
            for (unit, scale) in [("s", 1.0), ("min", 60.0), ("h", 3600.0), ("d", 86_400.0)] {
                let v = r * scale
                if v >= 1, (v * 1000).rounded() == v * 1000 { return "\(Self.number(v))/\(unit)" }
            }
            return "\(Self.number(r))/s"
        }
    }

    private static func number(_ v: Double) -> String {
        let rounded = (v * 1000).rounded() / 1000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }
}
