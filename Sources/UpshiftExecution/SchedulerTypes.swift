import Foundation
import UpshiftModel

/// How many failed hosts a run tolerates before it stops starting new work: `N` or `P%`.
///
/// The run stops once *more than* the budget of hosts have failed, so `0` (the default) stops at
/// the first failure. A percentage is taken of the hosts of batched steps (all hosts if none is batched).
public enum FailureBudget: Sendable, Hashable, Codable, CustomStringConvertible {
    case count(Int)
    case percent(Int)

    /// Parses `3` or `10%`; `nil` for anything else (negative numbers, more than 100%).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") {
            guard let p = Int(t.dropLast()), (0...100).contains(p) else { return nil }
            self = .percent(p)
        } else {
            guard let n = Int(t), n >= 0 else { return nil }
            self = .count(n)
        }
    }

    /// The number of failed hosts tolerated out of `hosts`.
    public func allowed(ofHosts hosts: Int) -> Int {
        switch self {
        case .count(let n): n
        case .percent(let p): hosts * p / 100
        }
    }

    public var description: String {
        switch self {
        case .count(let n): "\(n)"
        case .percent(let p): "\(p)%"
        }
    }
}

/// Options of one run, stored with the run so `resume` continues with the same ones.
public struct RunOptions: Sendable, Hashable, Codable {
    /// Units (a step on a host) running at once; a host runs one unit at a time.
    public var parallel: Int
    public var maxFailures: FailureBudget
    /// Phases after which the run stops until `resume`.
    public var pauseAfter: [PhaseID]
    /// Cross the point of no return without asking.
    public var assumeYes: Bool
    public init(parallel: Int = 10, maxFailures: FailureBudget = .count(0), pauseAfter: [PhaseID] = [], assumeYes: Bool = false) {
        self.parallel = max(1, parallel); self.maxFailures = maxFailures; self.pauseAfter = pauseAfter; self.assumeYes = assumeYes
    }
}

/// Why a run stopped to wait for `resume`.
public enum PauseReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A `pause` step of the plan was reached.
    case step(StepID)
    /// `--pause-after PHASE`: every step of the phase has settled.
    case afterPhase(PhaseID)
    /// The operator declined to cross the point of no return at this step.
    case declined(StepID)
    /// The maintenance window ends before the next batch (or phase) would.
    case window(WindowStop)

    public var description: String {
        switch self {
        case .step(let s): "paused at step \(s)"
        case .afterPhase(let p): "paused after phase \(p)"
        case .declined(let s): "stopped before the point of no return (\(s)): not confirmed"
        case .window(let w): w.description
        }
    }
}

/// How a run ended, as decided by the scheduler.
public enum RunEnd: Sendable, Hashable {
    case completed
    case paused(PauseReason)
    /// Units failed (and their dependents were skipped); `halted` when the failure budget was exceeded.
    case failed(failed: [UnitKey], halted: Bool)
    case interrupted
    /// Nothing runs and nothing can start although units are pending (a plan whose edges contradict
    /// its phase or batch order). The run is recorded failed rather than falsely completed.
    case stalled(waiting: [UnitKey])

    /// The run state the journal records for this end.
    public var runState: RunState {
        switch self {
        case .completed: .completed
        case .paused: .paused
        case .failed, .stalled: .failed
        case .interrupted: .interrupted
        }
    }
}

/// What the scheduler asks the executor to do. The executor records each in the journal.
public enum SchedulerAction: Sendable, Hashable {
    /// Perform the step on the host.
    case start(UnitKey)
    /// The unit was found running at resume and its step is not idempotent: check on the host whether it took effect.
    case verify(UnitKey)
    /// Record the unit as skipped, with the reason.
    case skip(UnitKey, reason: String)
    /// Ask the operator before starting the point-of-no-return step; answer with `confirmation(given:)`.
    case confirm(StepID)
    /// The run will stop here (after running units finish); a pause step's unit is done by reaching it.
    case pause(PauseReason)
    /// Before the first unit of a phase or batch, with a deadline: forecast it and answer with
    /// `windowAnswer(_:stop:)` (nil: it fits).
    case checkWindow(WindowPoint)
    /// Nothing is running and nothing more will start.
    case finish(RunEnd)
}

/// The result of a unit as the scheduler needs it.
public enum UnitResult: Sendable, Hashable {
    case succeeded
    case failed
    /// Stopped by Ctrl-C before it finished: left for `resume`.
    case interrupted
}

/// A plan that cannot be scheduled (an `after` edge to a step that does not exist, a cycle).
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var step: StepID
    public var message: String
    public init(step: StepID, message: String) { self.step = step; self.message = message }
    public var description: String { "step \(step): \(message)" }
}
