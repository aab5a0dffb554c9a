import Foundation
import UpshiftModel

/// Something the executor reports while a run goes on.
public struct RunEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case runStarted = "run-started", runResumed = "run-resumed"
        case unitStarted = "unit-started", unitVerifying = "unit-verifying", unitFinished = "unit-finished"
        case unitSkipped = "unit-skipped", confirmation, paused, runFinished = "run-finished"
        /// A step that cannot be undone (the point of no return) is starting.
        case pointOfNoReturn = "point-of-no-return"
        /// The first unit of a phase started (derived by sinks that report boundaries: notifications).
        case phaseStarted = "phase-started"
    }
    public var kind: Kind
    public var at: Date
    public var run: RunID
    public var step: StepID?
    public var host: HostName?
    public var phase: PhaseID?
    public var state: String?
    public var exitStatus: Int32?
    public var seconds: Double?
    public var message: String?
    public var outputTail: String?
    /// Units settled / failed / total so far (for progress displays).
    public var done: Int?, failed: Int?, total: Int?
    public init(_ kind: Kind, at: Date, run: RunID, unit: UnitKey? = nil, phase: PhaseID? = nil, state: String? = nil,
                exitStatus: Int32? = nil, seconds: Double? = nil, message: String? = nil, outputTail: String? = nil) {
        self.kind = kind; self.at = at; self.run = run; self.step = unit?.step
        self.host = unit.map(\.host).flatMap { $0 == UnitKey.noHost ? nil : $0 }
        self.phase = phase; self.state = state; self.exitStatus = exitStatus; self.seconds = seconds
        self.message = message; self.outputTail = outputTail
    }
    enum CodingKeys: String, CodingKey {
        case kind, at, run, step, host, phase, state, exitStatus = "exit_status", seconds, message
        case outputTail = "output_tail", done, failed, total
    }
    /// The unit this event is about, if any.
    public var unit: UnitKey? { step.map { UnitKey(step: $0, host: host ?? UnitKey.noHost) } }
}

/// Where run events go: the console, JSON lines, a live view. Sinks never throw: output is best effort.
public protocol EventSink: Sendable {
    func emit(_ event: RunEvent)
}

/// Collects events in memory (tests, reports).
///
/// `@unchecked Sendable`: `stored` is only touched while `lock` is held.
public final class RecordingEventSink: EventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RunEvent] = []
    public init() {}
    public func emit(_ event: RunEvent) { lock.lock(); stored.append(event); lock.unlock() }
    public var events: [RunEvent] { lock.lock(); defer { lock.unlock() }; return stored }
}

/// Sends each event to several sinks.
public struct FanOutEventSink: EventSink {
    public var sinks: [any EventSink]
    public init(_ sinks: [any EventSink]) { self.sinks = sinks }
    public func emit(_ event: RunEvent) { for s in sinks { s.emit(event) } }
}
