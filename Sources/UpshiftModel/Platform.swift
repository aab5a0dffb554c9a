/// A platform: how a kind of host installs code, manages daemons, reports what it runs and reaches
/// its databases, as shell command templates. Built-ins ship as YAML resources; an operator can
/// write one. Format: docs/platforms.md.
public struct Platform: Sendable, Hashable {
    public static let currentFormatVersion = 1
    public var name: String
    public var description: String
    public var commands: [PlatformCommandName: PlatformCommand]
    /// Where the platform was defined (its `name:` line), for diagnostics.
    public var location: SourceLocation

    public init(name: String, description: String = "", commands: [PlatformCommandName: PlatformCommand],
                location: SourceLocation) {
        self.name = name; self.description = description; self.commands = commands; self.location = location
    }

    public func command(_ name: PlatformCommandName) -> PlatformCommand? { commands[name] }
}

/// One command template of a platform. Placeholders (`{daemon}`, `{packages}`...) are replaced by
/// quoted values; `scripts` run one after another (each one round trip, a failure stops the step).
public struct PlatformCommand: Sendable, Hashable {
    public var scripts: [String]
    /// Marked by the platform's author as only reading the host: the only commands `discover` runs.
    public var readOnly: Bool
    public var location: SourceLocation

    public init(scripts: [String], readOnly: Bool = false, location: SourceLocation) {
        self.scripts = scripts; self.readOnly = readOnly; self.location = location
    }
}

/// The fixed vocabulary of platform commands and the placeholders each one may use.
public enum PlatformCommandName: String, Sendable, Hashable, CaseIterable, Codable {
    case packageUpgrade = "package-upgrade"
    case packageUpgradeAll = "package-upgrade-all"
    case packageInstall = "package-install"
    case packageErase = "package-erase"
    case packageDowngrade = "package-downgrade"
    case packageInstalled = "package-installed"
    case packageDownloadPrepare = "package-download-prepare"
    case packageDownloadUpgrade = "package-download-upgrade"
    case packageDownloadInstall = "package-download-install"
    case codeVersion = "code-version"
    case packageList = "package-list"
    case codeSwitch = "code-switch"
    case osRelease = "os-release"
    case serviceStart = "service-start"
    case serviceStop = "service-stop"
    case serviceRestart = "service-restart"
    case serviceReload = "service-reload"
    case serviceEnable = "service-enable"
    case serviceKill = "service-kill"
    case serviceStatus = "service-status"
    case runAs = "run-as"
    case queryAs = "query-as"
    case dbDumpMySQL = "db-dump-mysql"
    case dbDumpMongoDB = "db-dump-mongodb"
    case dbQueryMySQL = "db-query-mysql"
    case dbRestoreMySQL = "db-restore-mysql"
    /// Optional: runs `{command}` detached from the ssh session (its output and exit status kept in
    /// files named by `{key}`), waits for it, prints its output and exits with its status. Run again
    /// with the same key while the command runs, or after it ended unread, it attaches to that run
    /// instead of starting another: a killed upshift neither kills a schema sync half-way nor runs
    /// it twice on resume. Without it, commands run attached to the session.
    case runDetached = "run-detached"
    /// Removes what `run-detached` kept under `{key}`; upshift runs it once it has the result.
    case runDetachedDone = "run-detached-done"

    /// The placeholders this command's template may name (each replaced by a quoted value). `{service}`
    /// is the step's pack service (empty when the step has none), `{release}` the release upgraded to
    /// (for `package-downgrade`, the release rolled back to).
    public var placeholders: Set<String> {
        switch self {
        case .packageUpgrade, .packageInstall, .packageDownloadUpgrade, .packageDownloadInstall, .packageDowngrade: return ["packages", "service", "release"]
        case .packageErase: return ["packages"]
        case .packageUpgradeAll, .packageDownloadPrepare, .packageList, .osRelease: return []
        case .codeVersion: return ["package", "service"]
        case .packageInstalled: return ["package"]
        case .codeSwitch: return ["release", "service"]
        case .serviceStart, .serviceStop, .serviceRestart, .serviceReload, .serviceEnable, .serviceStatus, .serviceKill: return ["daemon"]
        case .runAs, .queryAs: return ["user", "command"]
        case .dbDumpMySQL, .dbDumpMongoDB: return ["database", "path"]
        case .dbQueryMySQL: return ["sql"]
        case .dbRestoreMySQL: return ["path"]
        case .runDetached: return ["command", "key"]
        case .runDetachedDone: return ["key"]
        }
    }

    /// Commands that only read: a platform must mark them `read_only: true` (discovery runs them).
    public var mustBeReadOnly: Bool {
        [.codeVersion, .packageList, .packageInstalled, .osRelease, .serviceStatus, .queryAs, .dbQueryMySQL].contains(self)
    }

    /// The init-script command for a step's verb (`stop`, `start`, `restart`, `enable`, `status`, `reload`).
    public static func service(_ verb: String) -> PlatformCommandName? {
        PlatformCommandName(rawValue: "service-" + verb)
    }
}

/// The platforms an inventory's hosts name, by name.
public struct PlatformSet: Sendable, Hashable {
    public var byName: [String: Platform]
    public init(_ platforms: [Platform] = []) {
        byName = Dictionary(platforms.map { ($0.name, $0) }, uniquingKeysWith: { _, later in later })
    }
    public func platform(named name: String) -> Platform? { byName[name] }
    public func platform(of host: Host) -> Platform? { byName[host.platform] }
    public var names: [String] { byName.keys.sorted() }
}
