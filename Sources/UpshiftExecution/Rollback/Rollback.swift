import Foundation
import UpshiftModel

/// How a rollback ended.
public struct RollbackResult: Sendable {
    /// Units undone (journaled `rolled-back`) by this invocation, in the order they were undone.
    public var undone: [UndoItem]
    /// The undo that failed, and how; the rollback stopped there.
    public var failed: (UndoItem, StepOutcome)?
    /// Ctrl-C stopped it between two undos.
    public var interrupted = false
    /// Undos still to run (`resume` runs them).
    public var left = 0
}

/// The words rollback writes in the journal, in one place.
public enum RollbackWords {
    public static func started(_ count: Int, to target: StepID?) -> String {
        "rollback of \(count) units" + (target.map { " to \($0)" } ?? " to the start")
    }
}

extension Executor {
    /// What `rollback(to:)` would undo, in order, after the same checks it makes before anything
    /// runs: the planner's refusals, and each undo's read-only precondition on its host. Changes nothing.
    public func previewRollback(to target: StepID?) async throws -> [UndoItem] {
        guard let run = try journal.latestRun() else { throw JournalRules.noRun }
        return try await checkedUndos(run, to: target)
    }

    /// Undoes the latest run's reversible steps after `target` (all when `nil`), newest first, one
    /// unit at a time. The whole list is journaled before the first undo runs, and each undo is
    /// journaled like a step (started; succeeded, failed with its output, or skipped); each undone
    /// unit is journaled `rolled-back` before the next. Stops at the first undo that fails, leaving
    /// the run `rollback-failed` (`resumeRollback` continues). Refuses past the point of no return,
    /// and when what an undo needs is gone.
    public func rollback(to target: StepID?) async throws -> RollbackResult {
        let run = try journal.takeOver(owner: owner, at: clock.now(), isAlive: isAlive)
        defer { try? journal.releaseLock(run: run.id, owner: owner) }
        let taken = try await takeCloudLock(run)
        let items: [UndoItem]
        do { items = try await checkedUndos(run, to: target) } catch {
            // Refused before anything ran: a lock this rollback took (the run had released it) is let go again.
            if let taken, taken != .ours { await releaseCloudLock() }
            throw error
        }
        try journal.beginRollback(items, target: target, run: run.id, at: clock.now())
        sink.emit(RunEvent(.runStarted, at: clock.now(), run: run.id, state: RunState.rollingBack.rawValue, message: RollbackWords.started(items.count, to: target)))
        return try await undo(run, try journal.undos(of: run.id))
    }

    /// Continues the latest run's rollback where the journal says: undos that succeeded are not run
    /// again; the one that failed, was interrupted or was left running runs again, then the rest.
    public func resumeRollback() async throws -> RollbackResult {
        let run = try journal.takeOver(owner: owner, at: clock.now(), isAlive: isAlive)
        defer { try? journal.releaseLock(run: run.id, owner: owner) }
        let rows = try journal.undos(of: run.id)
        guard run.state.isRollingBack, !rows.isEmpty else {
            throw RollbackRefusal(message: "run \(run.id) is \(run.state.rawValue), not rolling back: nothing to resume of a rollback", isUsage: true)
        }
        try await takeCloudLock(run)
        try journal.recordEvent(JournalEvent(at: clock.now(), kind: .rollback, detail: "rollback resumed (pid \(owner.pid))"), run: run.id)
        try journal.setRunState(.rollingBack, run: run.id, at: clock.now())
        sink.emit(RunEvent(.runResumed, at: clock.now(), run: run.id, state: RunState.rollingBack.rawValue))
        return try await undo(run, rows)
    }

    /// The planner's list, refused when a precondition fails on its host (every missing thing named).
    private func checkedUndos(_ run: RunRecord, to target: StepID?) async throws -> [UndoItem] {
        let items = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: target, platforms: hostPlatforms)
        let context = PerformContext(run: run.id, runStartedAt: run.startedAt, variables: try journal.variables(of: run.id))
        var missing: [String] = []
        for item in items {
            guard let check = item.requires else { continue }
            let outcome = await performer.perform(check, on: item.original.host, context: context)
            if outcome.status != .succeeded { missing.append(item.missing ?? "\(item.original): \(check.params.command ?? "a check") failed") }
        }
        guard missing.isEmpty else {
            throw RollbackRefusal(message: "refusing to roll back: what an undo needs is gone:\n  " + missing.joined(separator: "\n  "))
        }
        return items
    }

    private func undo(_ run: RunRecord, _ rows: [UndoRecord]) async throws -> RollbackResult {
        let context = PerformContext(run: run.id, runStartedAt: run.startedAt, variables: try journal.variables(of: run.id))
        var result = RollbackResult(undone: [])
        let todo = rows.filter { $0.state != .succeeded && $0.state != .skipped }
        for (n, row) in todo.enumerated() {
            if interrupt.isRequested || Task.isCancelled {
                try journal.recordEvent(JournalEvent(at: clock.now(), kind: .interrupted, detail: "rollback stopped before \(row.item.original)"), run: run.id)
                result.interrupted = true; result.left = todo.count - n
                return result
            }
            let item = row.item
            guard let undo = item.undo else {
                try journal.recordUndoOutcome(row.position, run: run.id, outcome: UnitOutcome(state: .skipped, message: item.note), at: clock.now())
                if item.reverts { try markRolledBack(item, run: run, into: &result) }
                continue
            }
            try journal.recordUndoStarted(row.position, run: run.id, at: clock.now())
            let started = clock.now()
            sink.emit(RunEvent(.unitStarted, at: started, run: run.id, unit: item.original, state: "rolling-back", message: item.note))
            let outcome = await performer.perform(undo, on: item.original.host, context: context)
            try journal.recordUndoOutcome(row.position, run: run.id, outcome: UnitOutcome(
                state: outcome.unitState, exitStatus: outcome.exitStatus, outputTail: outcome.outputTail, message: outcome.message), at: clock.now())
            guard outcome.status == .succeeded else {
                try journal.setRunState(.rollbackFailed, run: run.id, at: clock.now())
                sink.emit(RunEvent(.unitFinished, at: clock.now(), run: run.id, unit: item.original, state: "failed",
                                   exitStatus: outcome.exitStatus, seconds: clock.now().timeIntervalSince(started),
                                   message: "undo failed: \(outcome.message ?? "")", outputTail: outcome.outputTail))
                result.failed = (item, outcome); result.left = todo.count - n
                sink.emit(RunEvent(.runFinished, at: clock.now(), run: run.id, state: RunState.rollbackFailed.rawValue))
                return result
            }
            if item.reverts { try markRolledBack(item, run: run, into: &result) }
        }
        try journal.setRunState(.rolledBack, run: run.id, at: clock.now())
        sink.emit(RunEvent(.runFinished, at: clock.now(), run: run.id, state: RunState.rolledBack.rawValue))
        try journal.recordEvent(JournalEvent(at: clock.now(), kind: .rollback, detail: "rollback finished: \(rows.count) undos"), run: run.id)
        // A partial rollback (--to) leaves the cloud between two states: the lock stays until resume completes the run.
        let started = try journal.events(of: run.id).last { $0.kind == .rollback && $0.detail?.hasPrefix("rollback of") == true }
        if started?.step == nil { await releaseCloudLock() }
        return result
    }

    private func markRolledBack(_ item: UndoItem, run: RunRecord, into result: inout RollbackResult) throws {
        try journal.recordOutcome(item.original, run: run.id, outcome: UnitOutcome(state: .rolledBack, message: item.note), at: clock.now())
        sink.emit(RunEvent(.unitFinished, at: clock.now(), run: run.id, unit: item.original, state: UnitState.rolledBack.rawValue, message: item.note))
        result.undone.append(item)
    }
}
