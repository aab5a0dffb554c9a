import Foundation
import UpshiftModel
import UpshiftPlanning

extension Executor {
    /// Before a batch (or phase) starts under a deadline: its forecast from this run's measured
    /// units, then earlier runs, then the pack's declared estimates; `nil` when it ends in time,
    /// else why the run stops here and what is left.
    func windowStop(_ point: WindowPoint, scheduler: Scheduler, run: RunRecord) throws -> WindowStop? {
        guard let deadline else { return nil }
        var table = durations
        table.measured = try measuredDurations(run)
        let parallel = scheduler.options.parallel
        let (seconds, source) = table.forecast(scheduler.pendingSteps(of: point), parallel: parallel)
        if clock.now().addingTimeInterval(seconds) <= deadline { return nil }
        let left = scheduler.pendingSteps()
        let (leftSeconds, leftSource) = table.forecast(left, parallel: parallel)
        return WindowStop(point: point, deadline: deadline, seconds: seconds, source: source.rawValue,
                          leftUnits: left.reduce(0) { $0 + max(1, $1.hosts.count) }, leftSeconds: leftSeconds, leftSource: leftSource.rawValue)
    }

    /// Mean seconds per step kind of the units that succeeded in this run.
    func measuredDurations(_ run: RunRecord) throws -> [String: Double] {
        JournalHistory.durations([(run, try journal.units(of: run.id))])
    }
}

/// Durations measured in a journal's runs, for forecasts (`plan --compare`, windows).
public enum JournalHistory {
    /// Mean seconds per step kind over the succeeded units of `runs` (each with its units).
    public static func durations(_ runs: [(RunRecord, [UnitRecord])]) -> [String: Double] {
        StepDurations.means(runs.flatMap { run, units in
            units.compactMap { u -> (Step, Double)? in
                guard u.state == .succeeded, let s = u.startedAt, let e = u.endedAt, let step = run.plan.step(u.unit.step) else { return nil }
                return (step, e.timeIntervalSince(s))
            }
        })
    }

    /// Every run of the journal but `excluding`, with its units.
    public static func runs(of journal: any Journal, excluding: RunID? = nil) throws -> [(RunRecord, [UnitRecord])] {
        try journal.runs().filter { $0.id != excluding }.map { ($0, try journal.units(of: $0.id)) }
    }
}
