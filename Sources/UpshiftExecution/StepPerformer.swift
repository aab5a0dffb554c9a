import Foundation
import UpshiftModel

/// What a performer knows about the run while it performs a unit.
public struct PerformContext: Sendable {
    public var run: RunID
    /// The run's start time (config-edit backups are stamped with it).
    public var runStartedAt: Date
    /// Run variables set by earlier `lookup` steps.
    public var variables: [String: String]
    public init(run: RunID, runStartedAt: Date, variables: [String: String] = [:]) {
        self.run = run; self.runStartedAt = runStartedAt; self.variables = variables
    }
}

/// How performing (or verifying) one unit went.
public struct StepOutcome: Sendable, Hashable {
    public enum Status: Sendable, Hashable { case succeeded, failed, interrupted }
    public var status: Status
    public var exitStatus: Int32?
    /// Output tail, secrets already redacted by the performer.
    public var outputTail: String?
    /// One line saying what went wrong (the command, the host, the exit status) or how it was verified.
    public var message: String?
    /// Run variables this unit sets (a `lookup`).
    public var variables: [String: String]
    public init(_ status: Status, exitStatus: Int32? = nil, outputTail: String? = nil, message: String? = nil,
                variables: [String: String] = [:]) {
        self.status = status; self.exitStatus = exitStatus; self.outputTail = outputTail
        self.message = message; self.variables = variables
    }
    /// The journal state this outcome is recorded as.
    public var unitState: UnitState {
        switch status { case .succeeded: .succeeded; case .failed: .failed; case .interrupted: .interrupted }
    }
    var unitResult: UnitResult {
        switch status { case .succeeded: .succeeded; case .failed: .failed; case .interrupted: .interrupted }
    }
}

/// Performs one step on one host. Child tasks of the executor call it; it never touches the journal.
///
/// A non-zero exit is an outcome, not a throw. Cancellation (a second Ctrl-C) should end the
/// work early with `.interrupted`.
public protocol StepPerformer: Sendable {
    func perform(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome
    /// Checks on the host whether a non-idempotent step found `running` at resume took effect:
    /// `.succeeded` if it did, `.failed` with a message saying what to check by hand otherwise.
    func verify(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome
}

/// Asks the operator before the point of no return.
public protocol Confirmer: Sendable {
    func confirm(_ step: Step, plan: Plan) async -> Bool
}

/// A confirmer with a fixed answer (`--yes`, tests, non-interactive runs answer no).
public struct FixedConfirmer: Confirmer {
    public var answer: Bool
    public init(_ answer: Bool) { self.answer = answer }
    public func confirm(_ step: Step, plan: Plan) async -> Bool { answer }
}

/// The executor's time source, injected so tests never sleep.
public struct ExecutionClock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now; self.sleep = sleep
    }
    /// The wall clock and real sleeps.
    public static let system = ExecutionClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}

/// Set by the SIGINT handler, read by the executor between decisions.
///
/// `@unchecked Sendable`: `requested` is only read and written while `lock` is held.
public final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    public init() {}
    public func request() { lock.lock(); requested = true; lock.unlock() }
    public var isRequested: Bool { lock.lock(); defer { lock.unlock() }; return requested }
}
