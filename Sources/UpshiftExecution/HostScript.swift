import UpshiftModel

/// One shell command for one host, as rendered from a step (the executor's view of the planner's
/// `RenderedCommand`): run once, or repeated until it exits 0 or the timeout passes.
public struct HostScript: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case run
        case poll(timeout: Duration)
    }
    public var host: HostName
    public var script: String
    public var kind: Kind
    public var note: String?
    public init(host: HostName, script: String, kind: Kind = .run, note: String? = nil) {
        self.host = host; self.script = script; self.kind = kind; self.note = note
    }
}

/// Renders a step to the commands of docs/commands.md (the planner's `CommandRenderer` behind a seam).
public protocol StepRendering: Sendable {
    func render(_ step: Step) throws -> [HostScript]
}

/// Carries out a config-edit step (set/unset option, pin/unpin RPC, migrate config) on one host
/// through the file protocol; the config engineer's `RemoteConfigEditor` sits behind this seam.
public protocol ConfigEditPerforming: Sendable {
    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext,
                 secrets: SecretStore) async -> StepOutcome
}
