/// The event categories of the victor agent's event bus.
enum EventCategory: Int, CaseIterable, Sendable {
    case tool, state, model, error, audit, metric, lifecycle, vertical, custom

    var name: String {
        switch self {
        case .tool: "tool"
        case .state: "state"
        case .model: "model"
        case .error: "error"
        case .audit: "audit"
        case .metric: "metric"
        case .lifecycle: "lifecycle"
        case .vertical: "vertical"
        case .custom: "custom"
        }
    }

    init?(name: String) {
        guard let match = EventCategory.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    static var validNames: String { allCases.map(\.name).joined(separator: ", ") }
}

struct VGenError: Error, CustomStringConvertible, Equatable {
    let message: String
    var description: String { message }
}

/// Relative weights of the categories: how often the generator picks each one. A category with
/// weight 0 never appears. Parsed from `tool,model` (restrict to these, equal weights) or
/// `tool=5,model=1` (weights; a bare name means weight 1, so `tool=5,model` works too).
struct CategoryWeights: Equatable, Sendable {
    /// Indexed by `EventCategory.rawValue`.
    private(set) var weights: [Double]

    /// A realistic mix for an agent at work: mostly tool calls and model calls, some state changes
    /// and metrics, few errors, rare audit/vertical/custom; lifecycle weight sets the session length
    /// (about 2 lifecycle events per ~100 events).
    static let realistic = CategoryWeights(uncheckedWeights: [
        .tool: 40, .model: 24, .state: 11, .metric: 8, .error: 3, .audit: 3,
        .lifecycle: 2, .vertical: 1.5, .custom: 1.5,
    ])

    private init(uncheckedWeights: [EventCategory: Double]) {
        weights = EventCategory.allCases.map { uncheckedWeights[$0] ?? 0 }
    }

    init(_ weights: [EventCategory: Double]) throws(VGenError) {
        for (category, w) in weights where !(w.isFinite && w >= 0) {
            throw VGenError(message: "category weight for \(category.name) must be a non-negative number")
        }
        self.init(uncheckedWeights: weights)
        guard self.weights.contains(where: { $0 > 0 }) else {
            throw VGenError(message: "category weights are all zero: at least one category must have a positive weight")
        }
    }

    init(parsing spec: String) throws(VGenError) {
        var parsed: [EventCategory: Double] = [:]
        let items = spec.split(separator: ",", omittingEmptySubsequences: false)
        for rawItem in items {
            let item = rawItem.trimmingSpaces
            guard !item.isEmpty else {
                throw VGenError(message: "empty category in \"\(spec)\"; expected e.g. tool,model or tool=5,model=1")
            }
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingSpaces.lowercased()
            guard let category = EventCategory(name: name) else {
                throw VGenError(message: "unknown category \"\(parts[0].trimmingSpaces)\" (valid: \(EventCategory.validNames))")
            }
            guard parsed[category] == nil else {
                throw VGenError(message: "category \(name) is given twice")
            }
            var weight = 1.0
            if parts.count == 2 {
                let text = parts[1].trimmingSpaces
                guard let w = Double(text), w.isFinite, w >= 0 else {
                    throw VGenError(message: "invalid weight \"\(text)\" for category \(name): expected a non-negative number")
                }
                weight = w
            }
            parsed[category] = weight
        }
        try self.init(parsed)
    }

    func weight(_ category: EventCategory) -> Double { weights[category.rawValue] }

    func includes(_ category: EventCategory) -> Bool { weights[category.rawValue] > 0 }

    var enabled: [EventCategory] { EventCategory.allCases.filter(includes) }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
