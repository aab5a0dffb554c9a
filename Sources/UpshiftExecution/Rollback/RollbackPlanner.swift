import Foundation
import UpshiftModel
import UpshiftPlanning

/// One unit to undo: the original unit and the step that undoes it (`nil` when nothing on the
/// host needs undoing, e.g. a health wait or a lookup).
public struct UndoItem: Sendable, Hashable, Codable {
    public var original: UnitKey
    public var undo: Step?
    /// What the undo does, or why the unit is not undone, in one line.
    public var note: String
    /// Whether the unit is journaled `rolled-back` (false for steps that are not reversible: they stay as they were).
    public var reverts: Bool = true
    /// A read-only check that must succeed on the host before the rollback starts, because the undo
    /// needs something the forward run left there (a database dump); `missing` says what is gone when it fails.
    public var requires: Step?
    public var missing: String?
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
        let items = newestFirst.compactMap { record in
            plan.step(record.unit.step).map { undo(of: $0, on: record.unit.host, runStartedAt: run.startedAt) }
        }
        try checkRepositories(items, plan: plan, units: units)
        return repositoriesFirst(items, plan: plan)
    }

    /// `yum downgrade` finds the old packages only in the old release's repository: a host whose
    /// repository was switched must get it back in the same rollback, before the downgrade.
    static func checkRepositories(_ items: [UndoItem], plan: Plan, units: [UnitRecord]) throws(RollbackRefusal) {
        var reasons: [String] = []
        let downgraded = Set(items.filter { plan.step($0.original.step)?.action == .upgradePackages && $0.undo != nil }.map(\.original.host))
        for host in downgraded.sorted() {
            let switched = units.filter { $0.unit.host == host && $0.state != .pending && $0.state != .rolledBack
                && plan.step($0.unit.step)?.action == .repoSwitch }
            guard let swap = switched.first else { continue }
            let restored = items.contains { $0.original == swap.unit && $0.undo != nil }
            if restored { continue }
            let inRange = items.contains { $0.original == swap.unit }
            reasons.append(inRange
                ? "\(host): downgrading packages needs the old release's repository, and the pack names no repository package to restore (\(swap.unit.step))"
                : "\(host): downgrading packages needs the old release's repository, but its switch (\(swap.unit.step)) is before the --to step and stays: roll back to before it")
        }
        guard reasons.isEmpty else {
            throw RollbackRefusal(message: "refusing to roll back: what an undo needs is gone:\n  " + reasons.joined(separator: "\n  "))
        }
    }

    /// `yum downgrade` needs the old release's repository: when packages are downgraded, the
    /// repository swap on each host is undone before them (not last, as newest-first would have it).
    static func repositoriesFirst(_ items: [UndoItem], plan: Plan) -> [UndoItem] {
        let isRepo = { (i: UndoItem) in plan.step(i.original.step)?.action == .repoSwitch && i.undo != nil }
        let downgrades = items.contains { plan.step($0.original.step)?.action == .upgradePackages && $0.undo != nil }
        guard downgrades, items.contains(where: isRepo) else { return items }
        return items.filter(isRepo) + items.filter { !isRepo($0) }
    }

    /// The undo of one step on one host.
    static func undo(of step: Step, on host: HostName, runStartedAt: Date) -> UndoItem {
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
            guard let packages = step.params.packages, !packages.isEmpty else {
                return UndoItem(original: unit, undo: nil, note: "not undone: a full package update names no packages to downgrade", reverts: false)
            }
            u = run("yum -d1 -y downgrade -- " + ShellQuote.join(packages))
        case .syncSchema:
            // Only syncs before the point of no return are reversible (mysql dumps): the dump made
            // with --add-drop-database recreates the database as it was.
            guard let path = step.params.path, path.hasSuffix(".sql") else {
                return UndoItem(original: unit, undo: nil, note: "not undone: no mysql dump to restore", reverts: false)
            }
            u = run("test -s \(ShellQuote.quote(path)) && mysql < \(ShellQuote.quote(path))")
            var item = UndoItem(original: unit, undo: u, note: "run \(u.params.command!)")
            item.requires = run("test -s \(ShellQuote.quote(path))")
            item.requires?.id = StepID("check:\(step.id.rawValue)")
            item.missing = "\(host): the database dump \(path) that undoing \(step.id) restores is not there (the backup was never taken, or was removed)"
            return item
        case .repoSwitch:
            guard let package = step.params.repoPackage, let restore = step.params.repoRestore else {
                return UndoItem(original: unit, undo: nil, note: step.rollback ?? "not undone: the pack names no repository package to restore", reverts: false)
            }
            // Both release packages own the same .repo file: erase the new one (if it got installed) first.
            u = run("rpm -q -- \(ShellQuote.quote(package)) >/dev/null 2>&1 && yum -d1 -y erase -- \(ShellQuote.quote(package)); yum -d1 -y install -- \(ShellQuote.quote(restore))")
        case .installPackages:
            u = run("yum -d1 -y erase -- " + ShellQuote.join(step.params.packages ?? []))
        case .setOption, .unsetOption, .pinRPC, .unpinRPC, .migrateConfig:
            guard let file = step.params.file else { return UndoItem(original: unit, undo: nil, note: "no file to restore") }
            // Each step's edit keeps its own backup (the stamp names the step). An edit that found the
            // file already as wanted, or did not get as far as writing, left none: nothing to restore.
            let backup = ShellQuote.quote("\(file).upshift-\(RemoteConfigEditor.stamp(for: runStartedAt, step: step.id))"), target = ShellQuote.quote(file)
            u = run("test ! -e \(backup) || cp -p \(backup) \(target)")
        default:
            return UndoItem(original: unit, undo: nil, note: step.rollback ?? "nothing to undo")
        }
        return UndoItem(original: unit, undo: u, note: "\(u.action.rawValue) \(u.params.command ?? (u.params.daemons ?? []).map(\.rawValue).joined(separator: " "))")
    }
}
