import Foundation

/// What a journal keeps of one command it runs: a unit of a run (`UnitRecord`) or an undo of a
/// rollback (`UndoRecord`), journaled alike.
public protocol JournaledCommand {
    var state: UnitState { get set }
    var startedAt: Date? { get set }
    var endedAt: Date? { get set }
    var exitStatus: Int32? { get set }
    /// The last lines of the output, secrets already redacted.
    var outputTail: String? { get set }
    var message: String? { get set }
    /// How many times it was started (retries at resume count).
    var attempts: Int { get set }
}

extension JournaledCommand {
    /// Started (again) at `at`: running, one attempt more, nothing left of an earlier attempt's end.
    public mutating func markStarted(at: Date) {
        state = .running; startedAt = at; endedAt = nil; attempts += 1
        exitStatus = nil; outputTail = nil; message = nil
    }

    /// Ended at `at` as `outcome` says.
    public mutating func markEnded(_ outcome: UnitOutcome, at: Date) {
        state = outcome.state; endedAt = at; exitStatus = outcome.exitStatus
        outputTail = outcome.outputTail; message = outcome.message
    }
}

extension UnitRecord: JournaledCommand {}
extension UndoRecord: JournaledCommand {}
