import Foundation
import UpshiftModel

extension Executor {
    /// Undoes the latest run's reversible steps after `target` (all when `nil`), newest first, one
    /// unit at a time; each undone unit is journaled `rolled-back` before the next. Stops at the
    /// first undo that fails. Refuses past the point of no return.
    public func rollback(to target: StepID?) async throws -> (undone: [UndoItem], failed: (UndoItem, StepOutcome)?) {
        let run = try journal.takeOver(owner: owner, at: clock.now(), isAlive: isAlive)
        defer { try? journal.releaseLock(run: run.id, owner: owner) }
        let items = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: target)
        let context = PerformContext(run: run.id, runStartedAt: run.startedAt, variables: try journal.variables(of: run.id))
        var done: [UndoItem] = []
        for item in items {
            try journal.recordEvent(JournalEvent(at: clock.now(), kind: .rollback, step: item.original.step, detail: item.note), run: run.id)
            sink.emit(RunEvent(.unitStarted, at: clock.now(), run: run.id, unit: item.original, state: "rolling-back", message: item.note))
            if let undo = item.undo {
                let outcome = await performer.perform(undo, on: item.original.host, context: context)
                guard outcome.status == .succeeded else {
                    try journal.setRunState(.failed, run: run.id, at: clock.now())
                    sink.emit(RunEvent(.unitFinished, at: clock.now(), run: run.id, unit: item.original, state: "failed",
                                       message: "undo failed: \(outcome.message ?? "")", outputTail: outcome.outputTail))
                    return (done, (item, outcome))
                }
            }
            guard item.reverts else { continue }
            try journal.recordOutcome(item.original, run: run.id, outcome: UnitOutcome(state: .rolledBack, message: item.note), at: clock.now())
            sink.emit(RunEvent(.unitFinished, at: clock.now(), run: run.id, unit: item.original, state: UnitState.rolledBack.rawValue, message: item.note))
            done.append(item)
        }
        try journal.setRunState(target == nil ? .rolledBack : .paused, run: run.id, at: clock.now())
        return (done, nil)
    }
}
