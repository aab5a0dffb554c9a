import UpshiftModel

/// Host expressions and daemon lists of a procedure, resolved against the inventory and the
/// pack's placement (inventory order for hosts, pack order for daemons).
extension PlanContext {
    func hosts(_ e: HostExpr, _ scope: Scope) -> [HostName] {
        switch e {
        case .named(let n):
            switch n {
            case "phase": return scope.phaseHosts
            case "all": return allHosts
            default: return named[n] ?? []
            }
        case .select(let s):
            return select(s, scope)
        }
    }

    /// A named host set resolved outside any phase (at init); `visiting` stops a cycle.
    func resolveNamed(_ name: String, visiting: Set<String>) -> [HostName] {
        if let done = named[name] { return done }
        guard let e = procedure.hostSets[name], !visiting.contains(name) else { return [] }
        var ctx = self
        // Sets may name sets defined later: resolve those first, in this copy.
        if case .select(let s) = e {
            for inner in s.references where ctx.named[inner] == nil && procedure.hostSets[inner] != nil {
                ctx.named[inner] = ctx.resolveNamed(inner, visiting: visiting.union([name]))
            }
        }
        return ctx.hosts(e, Scope())
    }

    func select(_ s: HostSelector, _ scope: Scope) -> [HostName] {
        var out: [HostName]
        if let set = s.set { out = hosts(.named(set), scope) }
        else if let terms = s.daemons { out = place.hosts(runningAny: packDaemons(terms, scope)) }
        else if let svc = s.service { out = place.hosts(running: ServiceName(text(svc, scope))) }
        else if let role = s.role { out = r.inventory.hosts.filter { $0.has(role) }.map(\.name) }
        else if let list = s.firstOf { out = list.lazy.map { hosts($0, scope) }.first { !$0.isEmpty } ?? [] }
        else if let svc = s.databaseOf {
            out = pack.service(ServiceName(text(svc, scope))).flatMap { place.databaseHost(of: $0) }.map { [$0] } ?? []
        } else { out = scope.phaseHosts }
        if let w = s.within { let keep = Set(hosts(w, scope)); out = out.filter(keep.contains) }
        if let m = s.minus { let drop = Set(hosts(m, scope)); out = out.filter { !drop.contains($0) } }
        if s.withNewDaemons == true, let svc = scope.service {
            out = out.filter { h in place.host(h).map { host in svc.newDaemons.contains { host.has($0.role) } } ?? false }
        }
        if s.first == true { out = Array(out.prefix(1)) }
        // A union: a host in both parts (an all-in-one controller that is also a compute) is listed once.
        if let p = s.plus { var have = Set(out); out += hosts(p, scope).filter { have.insert($0).inserted } }
        return out
    }

    /// Daemons named without hosts: names, `$sets`, a service's daemons on roles (or all of them).
    func packDaemons(_ terms: [DaemonTerm], _ scope: Scope) -> [DaemonName] {
        daemons(terms, on: [], scope)
    }

    /// The daemons of a daemon list for a step on `hosts`, in order, without duplicates.
    func daemons(_ terms: [DaemonTerm], on hosts: [HostName], _ scope: Scope) -> [DaemonName] {
        var out: [DaemonName] = []
        func add(_ ds: [DaemonName]) { for d in ds where !out.contains(d) { out.append(d) } }
        for t in terms {
            switch t {
            case .name(let d): add([d])
            case .set(let s): add(procedure.daemonSets[s] ?? [])
            case .query(let q): add(query(q, on: hosts, scope))
            }
        }
        return out
    }

    func query(_ q: DaemonQuery, on stepHosts: [HostName], _ scope: Scope) -> [DaemonName] {
        let name = q.service.map { text($0, scope) } ?? scope.service?.name.rawValue ?? "any"
        let svc: ServiceName? = name == "any" ? nil : ServiceName(name)
        if let roles = q.roles {
            let specs = svc.map { s in pack.service(s).map { [$0] } ?? [] } ?? pack.services
            return union(specs.map { $0.daemons(forRoles: roles, includeNew: q.new != nil) })
        }
        let on = q.on.map { hosts($0, scope) } ?? stepHosts
        let current = union(on.map { place.daemons(on: $0, service: svc) })
        switch q.new {
        case nil: return current
        case .include: return union(on.map { place.daemons(on: $0, service: svc, includeNew: true) })
        case .only: return union(on.map { place.daemons(on: $0, service: svc, includeNew: true) }).filter { !current.contains($0) }
        }
    }

    func union(_ lists: [[DaemonName]]) -> [DaemonName] {
        var out: [DaemonName] = []
        for l in lists { for d in l where !out.contains(d) { out.append(d) } }
        return out
    }
}

extension HostSelector {
    /// The host sets this selector names, directly or in its parts.
    var references: [String] {
        var out: [String] = []
        func visit(_ e: HostExpr?) {
            switch e {
            case .named(let n)?: out.append(n)
            case .select(let s)?: out += s.references
            case nil: break
            }
        }
        if let set { out.append(set) }
        for e in firstOf ?? [] { visit(e) }
        visit(within); visit(minus); visit(plus)
        for t in daemons ?? [] { if case .query(let q) = t { visit(q.on) } }
        return out
    }
}
