import UpshiftModel

/// What discovery asks each host, derived from the pack and the inventory (pure).
public struct DiscoveryTargets: Sendable {
    /// Config files the pack's rules, config changes, option sets and service host mention → their options (`section/key`).
    public let watchedOptions: [String: Set<String>]
    let pack: Pack
    let enabled: [ServiceName]

    /// Targets for `inventory` under `pack`.
    public init(pack: Pack, inventory: Inventory) {
        self.pack = pack
        self.enabled = inventory.settings.services.isEmpty ? pack.services.map(\.name) : inventory.settings.services
        var watched: [String: Set<String>] = [:]
        func add(_ file: String, _ option: OptionRef?) {
            guard let option else { return }
            watched[file, default: []].insert(option.description)
        }
        for service in pack.services {
            for file in service.config { for c in file.changes { add(file.file, c.option); add(file.file, c.to); add(file.file, c.when?.option) } }
        }
        for set in pack.optionSets.values { for v in set.values { add(set.file, v.option) } }
        if let name = pack.serviceHost { add(name.file, name.option) }
        var conditions: [ConfigCondition] = []
        for rule in pack.rules { conditions += Self.configConditions(rule.subject) + Self.configConditions(rule.when) }
        for rule in pack.preflight { conditions += Self.configConditions(rule.subject) + Self.configConditions(rule.when) }
        for c in conditions { add(c.file, c.option) }
        watchedOptions = watched
    }

    /// The services of `host` (its own list, or every enabled service with daemons on its roles).
    public func services(of host: Host) -> [ServiceSpec] {
        let names = host.services ?? enabled
        return pack.services.filter { names.contains($0.name) && !$0.daemons(forRoles: host.roles, includeNew: true).isEmpty }
    }

    /// The daemons the pack expects running on `host` now (target-release-only daemons excluded).
    public func daemons(of host: Host) -> [DaemonName] {
        var out: [DaemonName] = []
        for s in services(of: host) { for d in s.daemons(forRoles: host.roles) where !out.contains(d) { out.append(d) } }
        return out
    }

    /// Watched files worth reading on `host`: a file under `/etc/<service>/` is read only where
    /// that service runs; other files are read everywhere (a missing file is simply skipped).
    public func files(of host: Host) -> [String] {
        let here = Set(services(of: host).map(\.name.rawValue))
        let all = Set(pack.services.map(\.name.rawValue))
        return watchedOptions.keys.sorted().filter { file in
            let parts = file.split(separator: "/")
            guard parts.count >= 2, parts[0] == "etc", all.contains(String(parts[1])) else { return true }
            return here.contains(String(parts[1]))
        }
    }

    /// Whether to ask `host` for its hostname: it runs the service whose file names hosts (`service_host`).
    public func asksHostname(_ host: Host) -> Bool {
        guard let spec = pack.serviceHost else { return false }
        return files(of: host).contains(spec.file)
    }

    /// Databases with a version command, each with the host to ask: the first host of the
    /// database's role that runs its service.
    public func databases(in inventory: Inventory) -> [(DatabaseSpec, Host)] {
        pack.services.filter { enabled.contains($0.name) }.flatMap { s in
            s.databases.compactMap { db -> (DatabaseSpec, Host)? in
                guard db.versionCommand != nil,
                      let host = inventory.hosts.first(where: { $0.has(db.role) && services(of: $0).contains { $0.name == s.name } })
                else { return nil }
                return (db, host)
            }
        }
    }

    static func configConditions(_ selector: DaemonSelector?) -> [ConfigCondition] { selector?.config ?? [] }

    static func configConditions(_ condition: Condition?) -> [ConfigCondition] {
        guard let condition else { return [] }
        switch condition {
        case .all(let cs), .any(let cs): return cs.flatMap { configConditions($0) }
        case .not(let c): return configConditions(c)
        case .some(let s), .none(let s): return configConditions(s)
        case .database, .setting, .method, .hostsDiffer: return []
        }
    }
}
