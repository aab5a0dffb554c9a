import Foundation
import UpshiftModel
import UpshiftPlanning

/// One unit to undo: the original unit and the step that undoes it (`nil` when nothing on the
/// host needs undoing, e.g. a health wait or a lookup).
public struct UndoItem: Sendable, Hashable {
    public var original: UnitKey
    public var undo: Step?
    /// What the undo does, or why the unit is not undone, in one line.
    public var note: String
    /// Whether the unit is journaled `rolled-back` (false for steps that are not reversible: they stay as they were).
    public var reverts: Bool = true
}

/// Why `rollback` refuses (exit 3), in words an operator can act on.
public struct RollbackRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The request itself was wrong (an unknown `--to` step), rather than refused for safety.
    public var isUsage = false
    public var description: String { message }
}

/// Decides what `rollback [--to STEP]` undoes: units that ran (succeeded, failed, interrupted or
/// left running) of reversible steps after STEP, newest first. Pure.
///
/// It refuses when a point-of-no-return step has run in that range: a migrated database schema
/// goes back only by restoring the backup, which Upshift does not do behind an operator's back.
public enum RollbackPlanner {
    public static func plan(_ run: RunRecord, units: [UnitRecord], to target: StepID?) throws(RollbackRefusal) -> [UndoItem] {
        let plan = run.plan
        let order = Dictionary(uniqueKeysWithValues: plan.steps.enumerated().map { ($1.id, $0) })
        var floor = -1
        if let target {
            guard let i = order[target] else { throw RollbackRefusal(message: "no step \(target) in the plan of run \(run.id)", isUsage: true) }
            floor = i
        }
        let ran = units.filter { [.succeeded, .failed, .interrupted, .running].contains($0.state) && (order[$0.unit.step] ?? -1) > floor }
        if let ponr = ran.first(where: { plan.step($0.unit.step)?.pointOfNoReturn == true }), let step = plan.step(ponr.unit.step) {
            let since = ponr.startedAt.map { " (started \(ISO8601DateFormatter().string(from: $0)))" } ?? ""
            throw RollbackRefusal(message: "refusing to roll back past \(step.id), the point of no return\(since): it cannot be undone other than by hand (\(step.rollback ?? "restore the database backup")). Roll back to a later step with --to, or carry on with `upshift resume`")
        }
        let newestFirst = ran.sorted { a, b in
            let ta = a.startedAt ?? .distantPast, tb = b.startedAt ?? .distantPast
            return ta != tb ? ta > tb : (order[a.unit.step] ?? 0) > (order[b.unit.step] ?? 0)
        }
        return newestFirst.compactMap { record in
            plan.step(record.unit.step).map { undo(of: $0, on: record.unit.host, runStartedAt: run.startedAt, finished: record.state == .succeeded) }
        }
    }

    /// The undo of one step on one host.
    /// `finished`: the unit succeeded (a config edit then surely wrote its backup; an unfinished
    /// one may not have, and then there is nothing to restore).
    static func undo(of step: Step, on host: HostName, runStartedAt: Date, finished: Bool = true) -> UndoItem {
        let unit = UnitKey(step: step.id, host: host)
        guard step.reversible else {
            return UndoItem(original: unit, undo: nil, note: "not undone: \(step.rollback ?? "not reversible")", reverts: false)
        }
        var u = step
        u.id = StepID("undo:\(step.id.rawValue)"); u.hosts = host == UnitKey.noHost ? [] : [host]; u.after = []
        u.pointOfNoReturn = false
        func run(_ command: String) -> Step { var r = u; r.action = .run; r.params = StepParams(); r.params.user = "root"; r.params.command = command; return r }
        switch step.action {
        case .stop: u.action = .start
        case .start: u.action = .stop
        case .disableCompute: u.action = .enableCompute
        case .enableCompute: u.action = .disableCompute
        case .upgradePackages:
            u = run("yum -d1 -y downgrade " + ShellQuote.join(step.params.packages ?? []))
        case .installPackages:
            u = run("yum -d1 -y erase " + ShellQuote.join(step.params.packages ?? []))
        case .setOption, .unsetOption, .pinRPC, .unpinRPC, .migrateConfig:
            guard let file = step.params.file else { return UndoItem(original: unit, undo: nil, note: "no file to restore") }
            let backup = ShellQuote.quote("\(file).upshift-\(stamp(runStartedAt))"), target = ShellQuote.quote(file)
            u = run(finished ? "cp -p \(backup) \(target)" : "test -e \(backup) && cp -p \(backup) \(target) || true")
        default:
            return UndoItem(original: unit, undo: nil, note: step.rollback ?? "nothing to undo")
        }
        return UndoItem(original: unit, undo: u, note: "\(u.action.rawValue) \(u.params.command ?? (u.params.daemons ?? []).map(\.rawValue).joined(separator: " "))")
    }

    /// `YYYYMMDDTHHMMSS` in UTC: the config-edit backup suffix of a run (docs/commands.md).
    public static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyyMMdd'T'HHmmss"
        return f.string(from: date)
    }
}
