import Foundation
import Prometheus
import UpshiftExecution
import UpshiftModel

/// What `--metrics-file` exposes of a run, as numbers: units by state, the current phase, the run's
/// state, seconds of work per step kind, and API outage seconds (when the workload probe's report is
/// in the journal). Rendered in the Prometheus text format by swift-prometheus.
struct RunMetrics: Sendable, Equatable {
    var run: RunID
    var units: [UnitState: Int] = [:]
    var phases: [PhaseID] = []
    var phase: PhaseID?
    var runState: RunState = .running
    var secondsByAction: [String: Double] = [:]
    var outageSecondsByAPI: [String: Double] = [:]

    /// A run of `plan` that has not started: every unit pending.
    init(plan: Plan) {
        run = 0
        units = [.pending: plan.steps.map { max(1, $0.hosts.count) }.reduce(0, +)]
        phases = plan.phases.map(\.id)
    }

    /// The metrics of a run as the journal has it (at the start of `resume`, and at the end).
    init(_ r: RunReport) {
        run = r.run
        units = Dictionary(grouping: r.units, by: \.state).mapValues(\.count)
        phases = r.phases.map(\.id); phase = r.currentPhase; runState = r.state
        for u in r.units { secondsByAction[u.action.rawValue, default: 0] += u.seconds ?? 0 }
        for a in r.probe?.apis ?? [] { outageSecondsByAPI[a.api.name] = a.unavailableSeconds }
    }

    /// The Prometheus text exposition of these figures.
    func render() -> String {
        let registry = PrometheusCollectorRegistry()
        let run = ("run", "\(self.run)")
        for state in UnitState.allCases {
            registry.makeGauge(name: "upshift_units", labels: [run, ("state", state.rawValue)],
                               help: "Units (a step on a host) of the run in each state").set(Double(units[state] ?? 0))
        }
        for p in phases {
            registry.makeGauge(name: "upshift_phase_current", labels: [run, ("phase", p.rawValue)],
                               help: "1 for the phase of the unit started last, else 0").set(p == phase ? 1.0 : 0.0)
        }
        for s in RunState.allCases {
            registry.makeGauge(name: "upshift_run_state", labels: [run, ("state", s.rawValue)],
                               help: "1 for the run's state, else 0").set(s == runState ? 1.0 : 0.0)
        }
        for (action, seconds) in secondsByAction.sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(name: "upshift_step_seconds", labels: [run, ("kind", action)],
                               help: "Seconds of work done by finished units, per step kind").set(seconds)
        }
        for (api, seconds) in outageSecondsByAPI.sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(name: "upshift_api_outage_seconds", labels: [run, ("api", api)],
                               help: "Seconds the workload probe saw the API unavailable during the run").set(seconds)
        }
        return registry.emitToString()
    }

    /// Replaces `path` atomically (a temporary file beside it, then rename), so node_exporter's
    /// textfile collector never reads half a file. Best effort: a metrics file must not stop an upgrade.
    static func write(_ text: String, to path: String) {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temp)
            guard rename(temp.path, path) == 0 else { try? FileManager.default.removeItem(at: temp); return }
        } catch { try? FileManager.default.removeItem(at: temp) }
    }
}

/// Keeps the metrics file current from the run's events (a unit's state, the phase, seconds per kind).
///
/// `@unchecked Sendable`: `metrics` and `states` are only touched while `lock` is held.
final class MetricsFileSink: EventSink, @unchecked Sendable {
    private let path: String
    private let actions: [StepID: String]
    private let lock = NSLock()
    private var metrics: RunMetrics
    private var states: [UnitKey: UnitState]

    /// `resumed`: the run as the journal has it when `resume` continues it; nil for a new run.
    init(path: String, plan: Plan, resumed: RunReport?) {
        self.path = path
        actions = Dictionary(plan.steps.map { ($0.id, $0.action.rawValue) }, uniquingKeysWith: { a, _ in a })
        metrics = resumed.map(RunMetrics.init) ?? RunMetrics(plan: plan)
        let units = resumed?.units.map { (UnitKey(step: $0.step, host: $0.host ?? UnitKey.noHost), $0.state) }
            ?? plan.steps.flatMap { UnitKey.units(of: $0).map { ($0, UnitState.pending) } }
        states = Dictionary(units, uniquingKeysWith: { a, _ in a })
    }

    func emit(_ e: RunEvent) {
        let text: String = lock.withLock {
            if let phase = e.phase { metrics.phase = phase }
            if let unit = e.unit, let state = Self.state(of: e) {
                if let old = states[unit] { metrics.units[old, default: 1] -= 1 }
                else { metrics.units[.pending, default: 1] -= 1 }
                states[unit] = state
                metrics.units[state, default: 0] += 1
            }
            if e.kind == .unitFinished, let step = e.step, let action = actions[step] { metrics.secondsByAction[action, default: 0] += e.seconds ?? 0 }
            if e.kind == .runFinished, let s = e.state.flatMap(RunState.init(rawValue:)) { metrics.runState = s }
            if e.kind == .runStarted || e.kind == .runResumed { metrics.runState = .running; metrics.run = e.run }
            return metrics.render()
        }
        RunMetrics.write(text, to: path)
    }

    static func state(of e: RunEvent) -> UnitState? {
        switch e.kind {
        case .unitStarted, .unitVerifying: return .running
        case .unitSkipped: return .skipped
        case .unitFinished: return e.state.flatMap(UnitState.init(rawValue:))
        default: return nil
        }
    }
}
