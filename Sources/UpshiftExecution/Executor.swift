import Foundation
import UpshiftModel
import UpshiftPlanning

/// How a run ended, for the CLI: the scheduler's end and the run it belongs to.
public struct RunSummary: Sendable, Hashable {
    public var run: RunID
    public var end: RunEnd
    public init(run: RunID, end: RunEnd) { self.run = run; self.end = end }
}

/// Executes a plan: a loop over a task group in which child tasks perform units through the
/// `StepPerformer` and the parent records every outcome in the journal before deciding what comes next.
public struct Executor: Sendable {
    public var journal: any Journal
    public var performer: any StepPerformer
    public var sink: any EventSink
    public var confirmer: any Confirmer
    public var clock: ExecutionClock
    public var interrupt: InterruptFlag
    /// This process, as the lock owner.
    public var owner: LockOwner
    /// Whether a pid is a live process (stale-lock detection).
    public var isAlive: @Sendable (Int32) -> Bool
    /// The lock on the cloud itself (`nil`: only the state directory's lock, as in unit tests).
    public var cloudLock: CloudLock?
    /// `--break-lock`: take the cloud lock over from whoever holds it.
    public var breakLock = false
    /// The end of the maintenance window: no batch (or phase) starts whose forecast ends after it.
    public var deadline: Date?
    /// Earlier runs' measurements and the pack's declared estimates (this run's are added at each check).
    public var durations = StepDurations()
    /// Each host's platform: rollback's undos run its commands (none known: such an undo is refused).
    public var hostPlatforms = HostPlatforms()

    public init(journal: any Journal, performer: any StepPerformer, sink: any EventSink,
                confirmer: any Confirmer = FixedConfirmer(false), clock: ExecutionClock = .system,
                interrupt: InterruptFlag = InterruptFlag(), owner: LockOwner, isAlive: @escaping @Sendable (Int32) -> Bool) {
        self.journal = journal; self.performer = performer; self.sink = sink; self.confirmer = confirmer
        self.clock = clock; self.interrupt = interrupt; self.owner = owner; self.isAlive = isAlive
    }

    /// Starts a new run of the plan (refused while another process holds the lock or a run is unfinished).
    public func apply(_ plan: Plan, planHash: String, options: RunOptions) async throws -> RunSummary {
        var scheduler = try Scheduler(plan: plan, options: options)
        scheduler.checksWindow = deadline != nil
        let taken = try await cloudLock?.acquire(run: (try journal.latestRun()?.id ?? 0) + 1, breakLock: breakLock)
        let run: RunRecord
        do {
            run = try journal.beginRun(plan: plan, planHash: planHash, options: options, owner: owner, at: clock.now(), isAlive: isAlive)
        } catch {
            if let taken, taken != .ours { await releaseCloudLock() }
            throw error
        }
        if let taken { try journalBroken(taken, run: run.id) }
        sink.emit(RunEvent(.runStarted, at: clock.now(), run: run.id, message: "\(plan.steps.count) steps"))
        return try await drive(run, &scheduler, variables: [:])
    }

    /// Continues the latest run exactly where the journal says, with the options it was started
    /// with after `adjust` (a resume may change `parallel` or the failure budget).
    public func resume(adjust: @Sendable (inout RunOptions) -> Void = { _ in }) async throws -> RunSummary {
        if let last = try journal.latestRun(), last.state.isRollingBack {
            throw JournalError(.unfinishedRun, "run \(last.id) is \(last.state.rawValue): finish the rollback first (`upshift resume` continues it)")
        }
        let run = try journal.takeOver(owner: owner, at: clock.now(), isAlive: isAlive)
        try await takeCloudLock(run)
        let units = try journal.units(of: run.id)
        let events = try journal.events(of: run.id)
        var states: [UnitKey: UnitState] = [:]
        for u in units { states[u.unit] = u.state }
        let paused = Set(events.filter { $0.kind == .paused }.compactMap(\.phase))
        let confirmed = Set(events.filter { $0.kind == .confirmed }.compactMap(\.step))
        var options = run.options
        adjust(&options)
        var scheduler = try Scheduler(plan: run.plan, options: options, journal: states,
                                      pausedPhases: paused, confirmed: confirmed)
        scheduler.checksWindow = deadline != nil
        try journal.recordEvent(JournalEvent(at: clock.now(), kind: .resumed, detail: "pid \(owner.pid), upshift \(UpshiftVersion.current)"), run: run.id)
        try journal.setRunState(.running, run: run.id, at: clock.now())
        sink.emit(RunEvent(.runResumed, at: clock.now(), run: run.id))
        return try await drive(run, &scheduler, variables: try journal.variables(of: run.id))
    }
}
