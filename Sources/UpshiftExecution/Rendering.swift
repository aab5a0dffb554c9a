import UpshiftModel
import UpshiftPlanning

/// Renders a step's commands for one of its hosts (the planner's `CommandRenderer` behind a seam,
/// so tests can give a performer any commands).
public protocol StepRendering: Sendable {
    /// The commands of `step` that belong to its host `host`, in order. Some may run on another
    /// host (the API host checks a compute's service row).
    func render(_ step: Step, for host: HostName) -> [RenderedCommand]
    /// `command` run as `user` on `host` through its platform's read-only `query-as` (resume's
    /// checks); nil when the platform has none.
    func queryAs(user: String, command: String, on host: HostName) -> String?
    /// `script` wrapped by the host's platform `run-detached` under `key`, and its
    /// `run-detached-done` (nil when it has none); nil when the platform has no `run-detached`
    /// (the command then runs attached to the session).
    func detached(_ script: String, key: String, on host: HostName) -> (run: String, done: String?)?
}

extension StepRendering {
    public func detached(_ script: String, key: String, on host: HostName) -> (run: String, done: String?)? { nil }
}

/// The real renderer: docs/commands.md through `CommandRenderer`.
public struct PlanCommandRendering: StepRendering {
    public var inventory: Inventory
    public var pack: Pack
    public var platforms: PlatformSet
    public init(inventory: Inventory, pack: Pack, platforms: PlatformSet) {
        self.inventory = inventory; self.pack = pack; self.platforms = platforms
    }
    public func render(_ step: Step, for host: HostName) -> [RenderedCommand] {
        var one = step
        one.hosts = [host]
        return CommandRenderer.render(one, inventory: inventory, pack: pack, platforms: platforms)
    }
    public func queryAs(user: String, command: String, on host: HostName) -> String? {
        ReadOnlyScript.platform(inventory.host(host).flatMap(platforms.platform(of:)), .queryAs,
                                ["user": .word(user), "command": .word(command)])?.script
    }
    public func detached(_ script: String, key: String, on host: HostName) -> (run: String, done: String?)? {
        let platform = inventory.host(host).flatMap(platforms.platform(of:))
        let values: [String: CommandTemplate.Value] = ["command": .word(script), "key": .word(key)]
        guard let run = platform?.script(.runDetached, values) else { return nil }
        return (run, platform?.script(.runDetachedDone, values))
    }
}

/// Carries out a config-edit step (set/unset option, pin/unpin RPC, migrate config) on one host
/// through the file protocol; the config engineer's `RemoteConfigEditor` sits behind this seam.
/// It resolves `{{var:NAME}}` from `context.variables` and `{{secret:NAME}}` from `secrets`.
public protocol ConfigEditPerforming: Sendable {
    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext,
                 secrets: SecretStore) async -> StepOutcome
}
