import UpshiftModel

/// One daemon on one host in a simulated state.
public struct DaemonState: Sendable, Hashable {
    public var name: DaemonName
    public var service: ServiceName
    /// The code the daemon runs (or would run, when stopped).
    public var version: VersionSide
    /// The code on disk that its next start runs (switch-code changes this before a restart).
    public var installed: VersionSide
    public var running: Bool
    /// For computes: whether the scheduler may place instances on it.
    public var scheduling: Bool
}

/// One host in a simulated state: its daemons, the config values that are known, package facts.
public struct HostState: Sendable, Hashable {
    public var name: HostName
    /// The host's platform (`el6`...): what `hosts_differ: [os]` compares.
    public var os: String
    public var release: ReleaseName
    public var roles: [RoleName]
    public var daemons: [DaemonState]
    /// Known option values per file; a file in `knownFiles` is fully known (from facts).
    public var config: [String: [OptionRef: String]]
    public var knownFiles: Set<String>
    /// Installed package versions from facts; nil when not discovered.
    public var packages: [String: String]?

    func index(of d: DaemonName) -> Int? { daemons.firstIndex { $0.name == d } }
    func has(_ d: DaemonName) -> Bool { daemons.contains { $0.name == d } }
}

/// One database in a simulated state.
public struct DatabaseState: Sendable, Hashable {
    public var name: DatabaseName
    public var service: ServiceName
    public var schema: VersionSide
    public var backup: Bool
    /// What discovery read (version string, flags); nil when not discovered.
    public var factVersion: String?
    public var flags: [String]
}

/// The model of the cloud the safety check simulates a plan over.
public struct CloudState: Sendable, Hashable {
    public var hosts: [HostState]
    public var hostIndex: [HostName: Int]
    public var databases: [DatabaseState]
    /// Pack settings (`name` → value) plus `cloud.NAME` (the pack's cloud settings) and `cloud.virt_type`.
    public var settings: [String: String]

    /// The starting state: every service of every host on the `from` release and running, each
    /// database at the `from` schema without a backup, refined by discovered facts when given.
    public init(inventory: Inventory, pack: Pack, facts: Facts?, settings: [String: String]) {
        var hosts: [HostState] = []
        let enabled = Set(inventory.settings.services)
        var kinds: [HostKind: [DaemonState]] = [:]  // Derived once per kind of host (roles, services).
        for h in inventory.hosts {
            let kind = HostKind(roles: h.roles, services: h.services)
            let daemons = kinds[kind] ?? {
                var daemons: [DaemonState] = []
                let hostServices = h.services.map(Set.init) ?? enabled
                for svc in pack.services where enabled.contains(svc.name) && hostServices.contains(svc.name) {
                    for d in svc.daemons(forRoles: h.roles) where !daemons.contains(where: { $0.name == d }) {
                        daemons.append(DaemonState(name: d, service: svc.name, version: .from, installed: .from, running: true, scheduling: true))
                    }
                }
                kinds[kind] = daemons
                return daemons
            }()
            var state = HostState(name: h.name, os: h.platform, release: h.release, roles: h.roles, daemons: daemons,
                                  config: [:], knownFiles: [], packages: nil)
            if let f = facts?.host(h.name), f.reachable {
                state.packages = f.packages
                if !f.running.isEmpty {
                    for i in state.daemons.indices { state.daemons[i].running = f.running.contains(state.daemons[i].name) }
                }
                for (file, values) in f.config {
                    state.knownFiles.insert(file)
                    var map: [OptionRef: String] = [:]
                    for (k, v) in values { if let ref = OptionRef(parsing: k) { map[ref] = v } }
                    state.config[file] = map
                }
            }
            hosts.append(state)
        }
        self.hosts = hosts
        self.hostIndex = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1.name, $0) })
        self.databases = pack.services.filter { enabled.contains($0.name) }.flatMap { svc in
            svc.databases.map { db in
                let f = facts?.database(db.name)
                return DatabaseState(name: db.name, service: svc.name, schema: .from, backup: false,
                                     factVersion: f?.version, flags: f?.flags ?? [])
            }
        }
        var s = settings
        for c in pack.cloudSettings { s["cloud." + c.name] = c.default }
        for (k, v) in inventory.settings.values { s["cloud." + k] = v }
        s["cloud.virt_type"] = inventory.settings.virtType
        self.settings = s
    }

    public func host(_ name: HostName) -> HostState? { hostIndex[name].map { hosts[$0] } }
    /// The schema side of a service: `to` once every database of the service is synced.
    func schema(of service: ServiceName) -> VersionSide? {
        var found = false
        for db in databases where db.service == service {
            if db.schema == .from { return .from }
            found = true
        }
        return found ? .to : nil
    }
}
