import UpshiftModel

/// One step on one host: the unit the scheduler starts, the journal records and the report lists.
///
/// A step without hosts (a `pause`) has a single unit on `UnitKey.noHost`.
public struct UnitKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var step: StepID
    public var host: HostName
    public init(step: StepID, host: HostName) { self.step = step; self.host = host }
    /// The host name used for the unit of a step that runs on no host.
    public static let noHost: HostName = "-"
    /// `nova/db-sync@ctl-01` style: the step id, and the host when the step id does not already name it.
    public var description: String {
        if host == Self.noHost || step.rawValue.hasSuffix("@\(host.rawValue)") { return step.rawValue }
        return "\(step.rawValue)@\(host.rawValue)"
    }
    /// Every unit of a step, in the step's host order.
    public static func units(of step: Step) -> [UnitKey] {
        step.hosts.isEmpty ? [UnitKey(step: step.id, host: noHost)] : step.hosts.map { UnitKey(step: step.id, host: $0) }
    }
}

/// The journal state of a unit. The raw values are the words stored in the journal and shown to people.
public enum UnitState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, succeeded, failed, skipped, interrupted
    case rolledBack = "rolled-back"

    /// Whether nothing more happens to the unit in this run.
    public var isSettled: Bool { [.succeeded, .failed, .skipped].contains(self) }
}

/// The state of a run as a whole.
public enum RunState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Steps are being executed (or the process died while executing them).
    case running
    /// Stopped at a pause step, a `--pause-after` boundary, or a declined confirmation; `resume` continues.
    case paused
    /// Stopped because a step failed or `--max-failures` was reached.
    case failed
    /// Stopped by Ctrl-C.
    case interrupted
    /// Every step succeeded (or was skipped on purpose).
    case completed
    /// `rollback` undid every unit it set out to undo.
    case rolledBack = "rolled-back"
    /// A rollback is under way, or stopped part way (Ctrl-C, a crash): `resume` continues the rollback.
    case rollingBack = "rolling-back"
    /// An undo failed and the rollback stopped there: `resume` continues the rollback from that undo.
    case rollbackFailed = "rollback-failed"

    /// Whether the run is in a rollback that has not finished (`resume` continues it, not the upgrade).
    public var isRollingBack: Bool { self == .rollingBack || self == .rollbackFailed }
}
