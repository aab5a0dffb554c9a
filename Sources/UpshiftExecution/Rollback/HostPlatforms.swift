import UpshiftModel
import UpshiftPlanning

/// Each host's platform, for the commands undos run (downgrade, erase, reinstall, restore a dump):
/// a rollback says them the way the host's platform does, as the forward run did.
public struct HostPlatforms: Sendable {
    private var names: [HostName: String] = [:]
    private var platforms = PlatformSet()

    /// No host known: an undo that needs a platform command is refused.
    public init() {}

    public init(inventory: Inventory, platforms: PlatformSet) {
        self.init(platformOf: Dictionary(inventory.hosts.map { ($0.name, $0.platform) }, uniquingKeysWith: { a, _ in a }), platforms: platforms)
    }

    /// Hosts by name with the name of their platform.
    public init(platformOf names: [HostName: String], platforms: PlatformSet) {
        self.names = names; self.platforms = platforms
    }

    /// The name of the host's platform (nil for a host the inventory does not have).
    public func name(of host: HostName) -> String? { names[host] }

    public func platform(of host: HostName) -> Platform? { names[host].flatMap(platforms.platform(named:)) }
}

/// Renders one undo's platform commands for its host, noting each command the platform lacks.
struct UndoScripts {
    let host: HostName
    let step: Step
    let platforms: HostPlatforms
    /// What is missing, one line per command: host, platform, command and the step whose undo needs it.
    var missing: [String] = []

    mutating func script(_ name: PlatformCommandName, _ values: [String: CommandTemplate.Value]) -> String {
        if let s = platforms.platform(of: host)?.script(name, values) { return s }
        let platform = platforms.name(of: host).map { "platform \($0)" } ?? "no platform known"
        missing.append("\(host) (\(platform)): no \(name.rawValue) command, which undoing \(step.id) needs")
        return "false"
    }
}
