import Foundation
import UpshiftModel

/// A journal kept in memory: the first-class test double of `SQLiteJournal`, with the same rules
/// (one lock, no new run over an unfinished one, units created with the run).
///
/// `@unchecked Sendable`: every stored property is read and written only while `lock` is held.
public final class InMemoryJournal: Journal, @unchecked Sendable {
    private let lock = NSLock()
    private var runRows: [RunRecord] = []
    private var unitRows: [RunID: [UnitRecord]] = [:]
    private var eventRows: [RunID: [JournalEvent]] = [:]
    private var vars: [RunID: [String: String]] = [:]
    private var probes: [RunID: ProbeReport] = [:]
    private var undoRows: [RunID: [UndoRecord]] = [:]

    public init() {}

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    public func beginRun(plan: Plan, planHash: String, options: RunOptions, owner: LockOwner, at: Date,
                         isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        try locked {
            if let last = runRows.last {
                try JournalRules.checkLock(last, owner: owner, isAlive: isAlive)
                try JournalRules.checkFinished(last)
            }
            let run = RunRecord(id: RunID(runRows.count + 1), planHash: planHash, plan: plan, options: options,
                                startedAt: at, updatedAt: at, state: .running, lockOwner: owner)
            runRows.append(run)
            unitRows[run.id] = plan.steps.flatMap(UnitKey.units(of:)).map { UnitRecord(unit: $0) }
            eventRows[run.id] = [JournalEvent(at: at, kind: .started, detail: "pid \(owner.pid), upshift \(UpshiftVersion.current)")]
            return run
        }
    }

    public func takeOver(owner: LockOwner, at: Date, isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        try locked {
            guard var last = runRows.popLast() else { throw JournalRules.noRun }
            defer { runRows.append(last) }
            try JournalRules.checkLock(last, owner: owner, isAlive: isAlive)
            if let stale = last.lockOwner, stale != owner {
                eventRows[last.id, default: []].append(JournalEvent(at: at, kind: .staleLock, detail: "pid \(stale.pid) is gone"))
            }
            last.lockOwner = owner; last.updatedAt = at
            return last
        }
    }

    public func releaseLock(run: RunID, owner: LockOwner) throws {
        locked { update(run) { if $0.lockOwner == owner { $0.lockOwner = nil } } }
    }

    public func latestRun() throws -> RunRecord? { locked { runRows.last } }
    public func runs() throws -> [RunRecord] { locked { runRows } }

    public func units(of run: RunID) throws -> [UnitRecord] { locked { unitRows[run] ?? [] } }

    public func recordStarted(_ unit: UnitKey, run: RunID, at: Date) throws {
        try locked {
            try updateUnit(unit, run: run) { $0.markStarted(at: at) }
        }
    }

    public func recordOutcome(_ unit: UnitKey, run: RunID, outcome: UnitOutcome, at: Date) throws {
        try locked {
            try updateUnit(unit, run: run) {
                // Undoing a unit keeps when it ran (its duration stays the forward run's).
                if outcome.state == .rolledBack { $0.state = .rolledBack; $0.message = outcome.message; return }
                $0.markEnded(outcome, at: at)
            }
        }
    }

    public func beginRollback(_ items: [UndoItem], target: StepID?, run: RunID, at: Date) throws {
        locked {
            undoRows[run] = items.enumerated().map { UndoRecord(position: $0, item: $1) }
            eventRows[run, default: []].append(JournalEvent(at: at, kind: .rollback, step: target, detail: RollbackWords.started(items.count, to: target)))
            update(run) { $0.state = .rollingBack; $0.updatedAt = at }
        }
    }

    public func undos(of run: RunID) throws -> [UndoRecord] { locked { undoRows[run] ?? [] } }

    public func recordUndoStarted(_ position: Int, run: RunID, at: Date) throws {
        try locked {
            try updateUndo(position, run: run) { $0.markStarted(at: at) }
        }
    }

    public func recordUndoOutcome(_ position: Int, run: RunID, outcome: UnitOutcome, at: Date) throws {
        try locked {
            try updateUndo(position, run: run) { $0.markEnded(outcome, at: at) }
        }
    }

    public func recordEvent(_ event: JournalEvent, run: RunID) throws { locked { eventRows[run, default: []].append(event) } }
    public func events(of run: RunID) throws -> [JournalEvent] { locked { eventRows[run] ?? [] } }

    public func setVariable(_ name: String, value: String, step: StepID, run: RunID) throws {
        locked { vars[run, default: [:]][name] = value }
    }
    public func variables(of run: RunID) throws -> [String: String] { locked { vars[run] ?? [:] } }

    public func setRunState(_ state: RunState, run: RunID, at: Date) throws {
        locked { update(run) { $0.state = state; $0.updatedAt = at } }
    }

    public func recordProbe(_ report: ProbeReport, run: RunID) throws { locked { probes[run] = report } }
    public func probe(of run: RunID) throws -> ProbeReport? { locked { probes[run] } }

    private func update(_ run: RunID, _ change: (inout RunRecord) -> Void) {
        if let i = runRows.firstIndex(where: { $0.id == run }) { change(&runRows[i]) }
    }

    private func updateUnit(_ unit: UnitKey, run: RunID, _ change: (inout UnitRecord) -> Void) throws {
        guard let i = unitRows[run]?.firstIndex(where: { $0.unit == unit }) else {
            throw JournalError(.storage, "run \(run) has no unit \(unit)")
        }
        change(&unitRows[run]![i])
    }

    private func updateUndo(_ position: Int, run: RunID, _ change: (inout UndoRecord) -> Void) throws {
        guard let i = undoRows[run]?.firstIndex(where: { $0.position == position }) else {
            throw JournalError(.storage, "run \(run) has no undo at position \(position)")
        }
        change(&undoRows[run]![i])
    }
}

/// The rules both journals enforce, in one place.
public enum JournalRules {
    /// There is no run to continue.
    public static let noRun = JournalError(.noRun, "no run in this state directory: start one with `upshift apply PLAN`")

    /// Refuses when a live process other than `owner` holds the run's lock.
    public static func checkLock(_ run: RunRecord, owner: LockOwner, isAlive: (Int32) -> Bool) throws {
        guard let holder = run.lockOwner, holder != owner, isAlive(holder.pid) else { return }
        throw JournalError(.locked, "another upshift (pid \(holder.pid)) is running on this state directory; wait for it or stop it")
    }

    /// Refuses a new run while the latest one can still be resumed.
    public static func checkFinished(_ run: RunRecord) throws {
        guard [.running, .paused, .failed, .interrupted, .rollingBack, .rollbackFailed].contains(run.state) else { return }
        let what = run.state.isRollingBack ? "finish the rollback with `upshift resume`" : "continue it with `upshift resume`, or undo it with `upshift rollback`"
        throw JournalError(.unfinishedRun, "run \(run.id) is \(run.state.rawValue): \(what)")
    }
}
