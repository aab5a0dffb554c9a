import Foundation
import UpshiftModel

/// Identifies a run in a journal.
public typealias RunID = Int64

/// Who holds a journal's lock: a process id. A lock held by a process that no longer exists is stale.
public struct LockOwner: Sendable, Hashable, Codable {
    public var pid: Int32
    public init(pid: Int32) { self.pid = pid }
}

/// A run as the journal holds it.
public struct RunRecord: Sendable, Hashable {
    public var id: RunID
    public var planHash: String
    public var plan: Plan
    public var options: RunOptions
    public var startedAt: Date
    public var updatedAt: Date
    public var state: RunState
    public var lockOwner: LockOwner?
    public init(id: RunID, planHash: String, plan: Plan, options: RunOptions, startedAt: Date, updatedAt: Date,
                state: RunState, lockOwner: LockOwner?) {
        self.id = id; self.planHash = planHash; self.plan = plan; self.options = options
        self.startedAt = startedAt; self.updatedAt = updatedAt; self.state = state; self.lockOwner = lockOwner
    }
}

/// One step on one host as the journal holds it.
public struct UnitRecord: Sendable, Hashable, Codable {
    public var unit: UnitKey
    public var state: UnitState
    public var startedAt: Date?
    public var endedAt: Date?
    public var exitStatus: Int32?
    /// The last lines of the output, secrets already redacted.
    public var outputTail: String?
    /// Why it failed or was skipped, or how it was verified.
    public var message: String?
    /// How many times it was started (retries at resume count).
    public var attempts: Int
    public init(unit: UnitKey, state: UnitState = .pending, startedAt: Date? = nil, endedAt: Date? = nil,
                exitStatus: Int32? = nil, outputTail: String? = nil, message: String? = nil, attempts: Int = 0) {
        self.unit = unit; self.state = state; self.startedAt = startedAt; self.endedAt = endedAt
        self.exitStatus = exitStatus; self.outputTail = outputTail; self.message = message; self.attempts = attempts
    }
}

/// How a unit ended, as recorded.
public struct UnitOutcome: Sendable, Hashable {
    public var state: UnitState
    public var exitStatus: Int32?
    public var outputTail: String?
    public var message: String?
    public init(state: UnitState, exitStatus: Int32? = nil, outputTail: String? = nil, message: String? = nil) {
        self.state = state; self.exitStatus = exitStatus; self.outputTail = outputTail; self.message = message
    }
}

/// Something that happened to a run as a whole.
public struct JournalEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case started, resumed, paused, confirmed, declined, interrupted, finished
        case pointOfNoReturn = "point-of-no-return"
        case staleLock = "stale-lock"
        case rollback
        /// `--break-lock` took over a cloud lock another run held.
        case lockBroken = "lock-broken"
        /// A notification could not be delivered and was dropped.
        case notifyDropped = "notify-dropped"
        /// The maintenance window ends before the next batch could: the run stopped there.
        case windowClosed = "window-closed"
    }
    public var at: Date
    public var kind: Kind
    public var step: StepID?
    public var phase: PhaseID?
    public var detail: String?
    public init(at: Date, kind: Kind, step: StepID? = nil, phase: PhaseID? = nil, detail: String? = nil) {
        self.at = at; self.kind = kind; self.step = step; self.phase = phase; self.detail = detail
    }
}

/// Why the journal refused or failed.
public struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Another live process holds the lock.
        case locked
        /// There is no run to resume, roll back or report.
        case noRun = "no-run"
        /// An unfinished run exists; `apply` must not start another over it.
        case unfinishedRun = "unfinished-run"
        /// The database could not be read or written.
        case storage
    }
    public var code: Code
    public var message: String
    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }
    public var description: String { message }
}

/// The durable record of runs: the single source of truth for status, resume, rollback and report.
///
/// Every method writes before it returns, so the executor records an outcome before deciding
/// what comes next. Implementations: `SQLiteJournal` (durable), `InMemoryJournal` (tests).
public protocol Journal: Sendable {
    /// Starts a new run of the plan and takes the lock; refuses while another live process holds
    /// it or an unfinished run exists (`resume` it instead). `isAlive` tells a stale lock apart.
    func beginRun(plan: Plan, planHash: String, options: RunOptions, owner: LockOwner, at: Date,
                  isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord
    /// Takes the lock of the latest run (resume, rollback); refuses while another live process holds it.
    func takeOver(owner: LockOwner, at: Date, isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord
    /// Releases the lock if `owner` holds it.
    func releaseLock(run: RunID, owner: LockOwner) throws
    /// The latest run, if any.
    func latestRun() throws -> RunRecord?
    /// Every run, oldest first (the history forecasts learn from).
    func runs() throws -> [RunRecord]
    /// Every unit of the run, in plan order.
    func units(of run: RunID) throws -> [UnitRecord]
    /// The unit is about to be performed: state running, attempts + 1.
    func recordStarted(_ unit: UnitKey, run: RunID, at: Date) throws
    /// As `recordStarted`, and on disk before it returns even if this machine then loses power or its
    /// OS crashes (not only if upshift dies): the executor uses it before a unit whose step must not
    /// run twice blind (not idempotent), so after any crash `resume` knows it may have started and
    /// verifies it on the host. Everything recorded earlier is on disk with it.
    func recordStartedDurably(_ unit: UnitKey, run: RunID, at: Date) throws
    /// The unit ended (succeeded, failed, interrupted, rolled back) or was skipped.
    func recordOutcome(_ unit: UnitKey, run: RunID, outcome: UnitOutcome, at: Date) throws
    func recordEvent(_ event: JournalEvent, run: RunID) throws
    func events(of run: RunID) throws -> [JournalEvent]
    /// A run variable (a looked-up id) set by a step.
    func setVariable(_ name: String, value: String, step: StepID, run: RunID) throws
    func variables(of run: RunID) throws -> [String: String]
    func setRunState(_ state: RunState, run: RunID, at: Date) throws
    /// Attaches the workload probe's measurements to a run (replacing earlier ones), for `report`.
    func recordProbe(_ report: ProbeReport, run: RunID) throws
    /// The workload probe's measurements of a run, if any were recorded.
    func probe(of run: RunID) throws -> ProbeReport?

    /// Records a rollback of the run before anything of it runs: its undo units in the order they
    /// run (all pending), a `rollback` event, and the run `rolling-back`. A later rollback of the
    /// same run gets its own rows; `undos(of:)` reads the latest.
    func beginRollback(_ items: [UndoItem], target: StepID?, run: RunID, at: Date) throws
    /// The undo units of the run's latest rollback, in the order they run (`[]` when none).
    func undos(of run: RunID) throws -> [UndoRecord]
    /// The undo at `position` of the latest rollback is about to run: running, attempts + 1.
    func recordUndoStarted(_ position: Int, run: RunID, at: Date) throws
    /// The undo at `position` ended: succeeded, failed (with its output), or skipped (nothing to run).
    func recordUndoOutcome(_ position: Int, run: RunID, outcome: UnitOutcome, at: Date) throws
}

/// One undo of a rollback as the journal holds it: journaled like a unit of the run.
public struct UndoRecord: Sendable, Hashable, Codable {
    public var position: Int
    public var item: UndoItem
    public var state: UnitState
    public var startedAt: Date?
    public var endedAt: Date?
    public var exitStatus: Int32?
    /// The last lines of the output, secrets already redacted.
    public var outputTail: String?
    public var message: String?
    public var attempts: Int
    public init(position: Int, item: UndoItem, state: UnitState = .pending, startedAt: Date? = nil, endedAt: Date? = nil,
                exitStatus: Int32? = nil, outputTail: String? = nil, message: String? = nil, attempts: Int = 0) {
        self.position = position; self.item = item; self.state = state; self.startedAt = startedAt; self.endedAt = endedAt
        self.exitStatus = exitStatus; self.outputTail = outputTail; self.message = message; self.attempts = attempts
    }
}

extension Journal {
    /// A journal with nothing on disk has nothing more to make durable.
    public func recordStartedDurably(_ unit: UnitKey, run: RunID, at: Date) throws {
        try recordStarted(unit, run: run, at: at)
    }
}
