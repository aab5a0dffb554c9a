import UpshiftModel
import UpshiftPlanning

/// Finds out what each host of an inventory runs, over a `HostTransport`: OS, packages, running
/// daemons, the non-secret config values the pack's rules mention, and database schema versions.
/// It runs only its hosts' platform commands marked read-only and `cat` of config files
/// (`ReadOnlyScript`): discovery never changes a host.
///
/// Hosts are asked in parallel, at most `parallel` at a time. A host that cannot be reached is
/// recorded as unreachable with the reason, and the others go on. Remote output never reaches a
/// message unscrubbed (`Redaction`), and secret-looking options are never collected.
public struct Discovery: Sendable {
    public let transport: any HostTransport
    public let targets: DiscoveryTargets
    public let parallel: Int
    public let timeout: Duration
    /// The hosts' platforms, whose read-only commands discovery runs.
    public let platforms: PlatformSet

    /// Discovery of `inventory` under `pack`; `parallel` is clamped to at least 1.
    public init(transport: any HostTransport, pack: Pack, inventory: Inventory, platforms: PlatformSet,
                parallel: Int = 8, timeout: Duration = .seconds(60)) {
        self.transport = transport; self.platforms = platforms
        self.targets = DiscoveryTargets(pack: pack, inventory: inventory)
        self.parallel = max(1, parallel); self.timeout = timeout
    }

    /// Runs discovery. Problems (unreachable hosts, failed commands, unknown versions) are diagnostics.
    public func run(_ inventory: Inventory) async -> DiscoveryReport {
        let hosts = await forEachHost(inventory.hosts) { host in await self.discover(host) }
        var problems = hosts.flatMap(\.1)
        var databases: [DatabaseFacts] = []
        for (db, host) in targets.databases(in: inventory) where hosts.first(where: { $0.0.host == host.name })?.0.reachable == true {
            let (facts, problem) = await databaseVersion(db, on: host)
            databases.append(facts)
            if let problem { problems.append(problem) }
        }
        return DiscoveryReport(facts: Facts(hosts: hosts.map(\.0), databases: databases), problems: problems)
    }

    /// Runs `body` for every host with at most `parallel` running at once; results in host order.
    func forEachHost<T: Sendable>(_ hosts: [Host], _ body: @escaping @Sendable (Host) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: hosts.count)
            var next = 0
            while next < min(parallel, hosts.count) {
                let i = next, host = hosts[i]
                group.addTask { (i, await body(host)) }
                next += 1
            }
            while let (i, value) = await group.next() {
                results[i] = value
                if next < hosts.count {
                    let j = next, host = hosts[j]
                    group.addTask { (j, await body(host)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// The only way discovery reaches a host: a read-only script.
    func run(_ script: ReadOnlyScript, on host: Host) async throws(TransportError) -> CommandResult {
        try await transport.run(RemoteCommand(script.script, timeout: timeout, outputLimit: 16 << 20), on: HostTarget(host))
    }

    /// `discover.not-read-only`: the host's platform has no read-only command for something discovery reads.
    static func unavailable(_ name: PlatformCommandName, _ host: Host, _ platforms: PlatformSet) -> Diagnostic {
        let why = platforms.platform(of: host)?.command(name) == nil ? "has no \(name.rawValue) command" : "does not mark \(name.rawValue) read_only"
        return Diagnostic(id: "discover.not-read-only", severity: .warning,
            summary: "platform '\(host.platform)' of \(host.name) \(why): discover does not run it, so that fact is unknown",
            fix: "give the platform a \(name.rawValue) command marked `read_only: true` (docs/platforms.md)", subject: .init(hosts: [host.name]))
    }
}

/// What discovery found, and what went wrong on the way.
public struct DiscoveryReport: Sendable {
    /// Written to facts.json.
    public var facts: Facts
    /// Unreachable hosts (`discover.unreachable`), failed queries (`discover.command-failed`),
    /// unreadable versions (`discover.db-version-unknown`).
    public var problems: [Diagnostic]
    /// Whether some host could not be reached.
    public var someHostsFailed: Bool { facts.hosts.contains { !$0.reachable } }
}
