import UpshiftModel

/// How long a step takes, from the best evidence there is: units measured in this run, then units
/// of earlier runs (the journal's history), then the pack's declared `estimates:`, in that order.
/// Keys are `action/service` (`upgrade-packages/nova`), falling back to the action alone. Pure.
public struct StepDurations: Sendable, Hashable {
    /// Where a figure came from.
    public enum Source: String, Sendable, Hashable, Codable, Comparable {
        case measured = "measured in this run"
        case history = "measured in earlier runs"
        case declared = "declared in the pack"
        case none = "no estimate"
        var rank: Int { switch self { case .measured: 0; case .history: 1; case .declared: 2; case .none: 3 } }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    /// Mean seconds per unit by key, measured in this run.
    public var measured: [String: Double]
    /// Mean seconds per unit by key, measured in earlier runs.
    public var history: [String: Double]
    /// The pack's declared seconds per action.
    public var declared: [String: Int]

    public init(measured: [String: Double] = [:], history: [String: Double] = [:], declared: [String: Int] = [:]) {
        self.measured = measured; self.history = history; self.declared = declared
    }

    /// The keys a step is looked up by, most specific first.
    public static func keys(_ step: Step) -> [String] {
        let action = step.action.rawValue
        return step.service.map { ["\(action)/\($0.rawValue)", action] } ?? [action]
    }

    /// Mean seconds per key (both keys of each step) of measured units: `(step, seconds)` pairs.
    public static func means(_ samples: [(Step, Double)]) -> [String: Double] {
        var sum: [String: (Double, Int)] = [:]
        for (step, seconds) in samples where seconds >= 0 {
            for key in keys(step) { let s = sum[key] ?? (0, 0); sum[key] = (s.0 + seconds, s.1 + 1) }
        }
        return sum.mapValues { $0.0 / Double($0.1) }
    }

    /// Seconds one unit of the step takes, and from where.
    public func unitSeconds(_ step: Step) -> (Double, Source) {
        for (table, source) in [(measured, Source.measured), (history, .history)] {
            for key in Self.keys(step) { if let s = table[key] { return (s, source) } }
        }
        if let d = declared[step.action.rawValue] { return (Double(d), .declared) }
        return (0, .none)
    }

    /// Forecast of steps run one after another, each step's hosts `parallel` at a time; the
    /// weakest source used is returned with it.
    public func forecast(_ steps: [Step], parallel: Int) -> (seconds: Double, source: Source) {
        var total = 0.0, weakest = Source.measured
        for step in steps {
            let (unit, source) = unitSeconds(step)
            let rounds = (max(1, step.hosts.count) - 1) / max(1, parallel) + 1
            total += unit * Double(rounds)
            if unit > 0 || source != .none { weakest = max(weakest, source) }
        }
        return (total, weakest)
    }
}
