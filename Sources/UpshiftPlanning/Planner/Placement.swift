import UpshiftModel

/// Which daemons of which service run on which host, derived from the inventory and the pack
/// exactly as the safety check's starting state derives them.
public struct ServicePlacement: Sendable {
    public let inventory: Inventory
    public let pack: Pack
    /// host → daemons (pack order), including new daemons the target release adds for the host's roles.
    private var byHost: [HostName: [DaemonName]] = [:]
    /// `byHost` followed by the new daemons, made once (the planner asks for it per step and host).
    private var withNewByHost: [HostName: [DaemonName]] = [:]
    private var serviceOf: [DaemonName: ServiceName] = [:]
    private var hostByName: [HostName: Host] = [:]
    private var hostsByService: [ServiceName: [HostName]] = [:]

    public init(inventory: Inventory, pack: Pack) {
        self.inventory = inventory; self.pack = pack
        let enabled = Set(inventory.settings.services)
        for svc in pack.services { for d in svc.allDaemons { serviceOf[d] = svc.name } }
        // Hosts with the same roles and services get the same daemons: derive them once per kind.
        var kinds: [HostKind: ([DaemonName], [DaemonName])] = [:]
        for h in inventory.hosts {
            hostByName[h.name] = h
            let kind = HostKind(roles: h.roles, services: h.services)
            let (ds, withNew) = kinds[kind] ?? {
                let hostServices = h.services.map(Set.init) ?? enabled
                var ds: [DaemonName] = [], news: [DaemonName] = []
                for svc in pack.services where enabled.contains(svc.name) && hostServices.contains(svc.name) {
                    for d in svc.daemons(forRoles: h.roles) where !ds.contains(d) { ds.append(d) }
                    for rd in svc.newDaemons where h.roles.contains(rd.role) { for d in rd.daemons where !news.contains(d) { news.append(d) } }
                }
                kinds[kind] = (ds, ds + news)
                return (ds, ds + news)
            }()
            byHost[h.name] = ds; withNewByHost[h.name] = withNew
            var seen: Set<ServiceName> = []
            for d in ds { if let svc = serviceOf[d], seen.insert(svc).inserted { hostsByService[svc, default: []].append(h.name) } }
        }
        let client = pack.client.host
        apiHost = hosts(runningAny: client?.daemons ?? []).first
            ?? client?.role.flatMap { r in inventory.hosts.first { $0.has(r) }?.name } ?? inventory.hosts.first?.name
    }

    /// Daemons on a host (optionally only those of one service), with the target release's new ones if asked.
    public func daemons(on host: HostName, service: ServiceName? = nil, includeNew: Bool = false) -> [DaemonName] {
        let all = (includeNew ? withNewByHost[host] : byHost[host]) ?? []
        guard let service else { return all }
        return all.filter { serviceOf[$0] == service }
    }

    /// The inventory host of that name (O(1)).
    public func host(_ name: HostName) -> Host? { hostByName[name] }

    public func service(of d: DaemonName) -> ServiceName? { serviceOf[d] }

    /// Hosts running any daemon of a service, in inventory order.
    public func hosts(running service: ServiceName) -> [HostName] { hostsByService[service] ?? [] }

    /// Hosts running one of the daemons, in inventory order.
    public func hosts(runningAny names: [DaemonName]) -> [HostName] {
        inventory.hosts.compactMap { h in (byHost[h.name] ?? []).contains { names.contains($0) } ? h.name : nil }
    }

    /// The host where a service's schema sync runs: the first host of the database's role running the service.
    public func databaseHost(of svc: ServiceSpec) -> HostName? {
        svc.database.flatMap { databaseHost(of: svc, db: $0) }
    }

    /// The host where one of the service's databases is synced.
    public func databaseHost(of svc: ServiceSpec, db: DatabaseSpec) -> HostName? {
         hosts(running: svc.name).first { hostByName[$0]?.has(db.role) == true } ?? hosts(running: svc.name).first
    }

    /// The host where the pack's `health_from_api` checks run (`client.host`: the first host running
    /// one of its daemons, else the first with its role, else the first host). Found once.
    public private(set) var apiHost: HostName?

    /// The address of the first host running a daemon (for `{{host:DAEMON}}` placeholders).
    public func address(ofFirst daemon: DaemonName) -> String? {
        hosts(runningAny: [daemon]).first.flatMap { hostByName[$0]?.address }
    }
}

/// What decides a host's daemons: its roles and its explicit service list.
struct HostKind: Hashable {
    let roles: [RoleName]
    let services: [ServiceName]?
}
