import UpshiftModel

/// The execution order of a plan as a state machine: events in, actions out; no I/O, no clock.
///
/// Order: steps of a phase start only when every earlier phase has settled; within a phase, a
/// batch starts only when earlier batches have settled (canary first); a step starts on a host
/// when each of its `after` steps succeeded on that host (or on every host, if the step does not
/// run there). A failed unit skips its dependents and every later unit on its host; other hosts
/// go on. Once more hosts failed than `--max-failures` allows, nothing new starts. A host runs
/// one unit at a time and at most `parallel` units run at once.
public struct Scheduler: Sendable {
    let plan: Plan
    let options: RunOptions
    let graph: PlanGraph
    var states: [UnitKey: UnitState]
    var toVerify: Set<UnitKey>
    var inFlight: Set<UnitKey> = []
    var failedAt: [HostName: Int] = [:]
    var pausedPhases: Set<PhaseID>
    var confirmed: Set<StepID>
    var awaitingConfirmation: StepID?
    /// Ask `.checkWindow` before each phase and batch (a deadline is set).
    public var checksWindow = false
    var clearedPoints: Set<WindowPoint> = []
    var awaitingWindow: WindowPoint?
    var stopping: RunEnd?
    var finished = false

    /// A scheduler for a fresh run (`journal` empty) or a resumed one.
    ///
    /// At resume, succeeded units stay done; failed, skipped, interrupted-idempotent and pending units
    /// run again; a unit found `running`/`interrupted` whose step is not idempotent is verified first.
    /// `pausedPhases` and `confirmed` come from the journal's events so a pause or a question is not repeated.
    public init(plan: Plan, options: RunOptions, journal: [UnitKey: UnitState] = [:],
                pausedPhases: Set<PhaseID> = [], confirmed: Set<StepID> = []) throws(ScheduleError) {
        self.plan = plan; self.options = options
        self.graph = try PlanGraph(plan)
        self.pausedPhases = pausedPhases; self.confirmed = confirmed
        var states: [UnitKey: UnitState] = [:]
        var verify: Set<UnitKey> = []
        for unit in graph.units {
            let step = graph.step(unit.step)
            switch journal[unit] ?? .pending {
            case .succeeded: states[unit] = .succeeded
            case .running, .interrupted:
                states[unit] = .pending
                if !step.idempotent { verify.insert(unit) }
            default: states[unit] = .pending
            }
        }
        self.states = states; self.toVerify = verify
    }

    /// The state of every unit as the scheduler sees it.
    public var unitStates: [UnitKey: UnitState] { states }

    /// Starts the run: the first actions.
    public mutating func start() -> [SchedulerAction] { advance() }

    /// A unit finished (performed or verified); its outcome is already in the journal.
    public mutating func unitFinished(_ unit: UnitKey, _ result: UnitResult) -> [SchedulerAction] {
        guard inFlight.remove(unit) != nil else { return [] }
        switch result {
        case .succeeded: states[unit] = .succeeded
        case .interrupted: states[unit] = .interrupted
        case .failed:
            states[unit] = .failed
            if unit.host != UnitKey.noHost, failedAt[unit.host] == nil { failedAt[unit.host] = graph.order[unit.step] }
        }
        return advance()
    }

    /// The operator's answer to `.confirm(step)`.
    public mutating func confirmation(given: Bool) -> [SchedulerAction] {
        guard let step = awaitingConfirmation else { return [] }
        awaitingConfirmation = nil
        if given { confirmed.insert(step) } else if stopping == nil { stopping = .paused(.declined(step)) }
        return advance()
    }

    /// Ctrl-C: start nothing new; finish when running units have finished.
    public mutating func interrupt() -> [SchedulerAction] {
        if stopping == nil || { if case .paused = stopping { return true }; return false }() { stopping = .interrupted }
        awaitingConfirmation = nil; awaitingWindow = nil
        return advance()
    }
}
