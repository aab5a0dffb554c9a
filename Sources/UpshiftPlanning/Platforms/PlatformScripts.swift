import UpshiftModel

/// One host's platform, rendering its command templates. A command the platform lacks renders as
/// a command that fails saying so; `PlatformCheck` refuses such a plan before anything runs.
struct PlatformScripts {
    let platform: Platform?
    let hostPlatform: String
    /// Collects the commands the platform lacks (the plan-time check); nil when rendering.
    let missingLog: MissingLog?

    init(_ platform: Platform?, host: Host, missingLog: MissingLog? = nil) {
        self.platform = platform; self.hostPlatform = host.platform; self.missingLog = missingLog
    }

    /// Every script of the command, rendered.
    func all(_ name: PlatformCommandName, _ values: [String: CommandTemplate.Value]) -> [String] {
        guard let command = platform?.command(name) else { missingLog?.names.append(name); return [missing(name)] }
        return command.scripts.map { CommandTemplate.render($0, values) }
    }

    /// The command as one script (a multi-script command chained with `&&`).
    func one(_ name: PlatformCommandName, _ values: [String: CommandTemplate.Value]) -> String {
        all(name, values).joined(separator: " && ")
    }

    func missing(_ name: PlatformCommandName) -> String {
        platform == nil ? "false  # unknown platform \(hostPlatform)" : "false  # platform \(hostPlatform) has no \(name.rawValue) command"
    }
}

/// What a rendering found missing: platform commands and pack client commands.
final class MissingLog {
    var names: [PlatformCommandName] = []
    var client: [String] = []
}

extension Platform {
    /// The command rendered as one script (several scripts chained with `&&`), or nil when the
    /// platform has no such command (rollback's undos render through this).
    public func script(_ name: PlatformCommandName, _ values: [String: CommandTemplate.Value]) -> String? {
        command(name).map { $0.scripts.map { CommandTemplate.render($0, values) }.joined(separator: " && ") }
    }
}
