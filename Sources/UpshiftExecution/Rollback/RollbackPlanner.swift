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
    /// `platforms` gives each host's platform: undos run its commands (`package-downgrade`,
    /// `package-erase`, `db-restore-mysql`...), and a rollback that needs one a host's platform
    /// lacks is refused before anything runs, naming the host, the platform and the command.
    public static func plan(_ run: RunRecord, units: [UnitRecord], to target: StepID?,
                            platforms: HostPlatforms) throws(RollbackRefusal) -> [UndoItem] {
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
        var missing: [String] = []
        let items = newestFirst.compactMap { record -> UndoItem? in
            guard let step = plan.step(record.unit.step) else { return nil }
            var scripts = UndoScripts(host: record.unit.host, step: step, platforms: platforms)
            defer { missing += scripts.missing }
            return undo(of: step, on: record.unit.host, run: run, scripts: &scripts)
        }
        guard missing.isEmpty else {
            throw RollbackRefusal(message: "refusing to roll back: a host's platform lacks a command an undo needs (add it to the platform, docs/platforms.md):\n  "
                                  + missing.joined(separator: "\n  "))
        }
        try checkRepositories(items, plan: plan, units: units)
        return repositoriesFirst(items, plan: plan)
    }

    /// A downgrade finds the old packages only in the old release's repository: a host whose
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

    /// A downgrade needs the old release's repository: when packages are downgraded, the
    /// repository swap on each host is undone before them (not last, as newest-first would have it).
    static func repositoriesFirst(_ items: [UndoItem], plan: Plan) -> [UndoItem] {
        let isRepo = { (i: UndoItem) in plan.step(i.original.step)?.action == .repoSwitch && i.undo != nil }
        let downgrades = items.contains { plan.step($0.original.step)?.action == .upgradePackages && $0.undo != nil }
        guard downgrades, items.contains(where: isRepo) else { return items }
        return items.filter(isRepo) + items.filter { !isRepo($0) }
    }
}
