import UpshiftModel

/// Renames daemons through a procedure and drops what the pack cannot back.
struct Fitting {
    let rename: [DaemonName: DaemonName]
    let sets: Set<String>
    let pinPackage: String?
    let lookups: [Lookup]

    func phase(_ p: PhaseSpec) -> PhaseSpec {
        var out = p
        out.hosts = p.hosts.map(hosts)
        out.steps = steps(p.steps)
        return out
    }

    func steps(_ list: [StepSpec]) -> [StepSpec] {
        list.flatMap { s -> [StepSpec] in
            if s.action == .lookup { return lookups.map { l in lookup(s, l) } }
            if let o = s.options, !sets.contains(o) { return [] }
            var out = s
            out.steps = s.steps.map(steps)
            out.hosts = s.hosts.map(hosts); out.targets = s.targets.map(hosts)
            out.daemons = s.daemons.map(terms); out.except = s.except.map(terms)
            out.only = s.only.map(terms); out.targetDaemons = s.targetDaemons.map(terms)
            if s.action == .verifyVersion, let pinPackage { out.package = pinPackage }
            return [out]
        }
    }

    func lookup(_ template: StepSpec, _ l: Lookup) -> StepSpec {
        var s = template
        s.variable = l.variable; s.command = l.command; s.field = l.field
        s.verb = "lookup-\(l.variable)"
        return s
    }

    func terms(_ list: [DaemonTerm]) -> [DaemonTerm] {
        list.map { t in
            switch t {
            case .name(let d): return .name(rename[d] ?? d)
            case .query(var q): q.on = q.on.map(hosts); return .query(q)
            case .set: return t
            }
        }
    }

    func hosts(_ e: HostExpr) -> HostExpr {
        guard case .select(var s) = e else { return e }
        s.daemons = s.daemons.map(terms)
        s.firstOf = s.firstOf.map { $0.map(hosts) }
        s.within = s.within.map(hosts); s.minus = s.minus.map(hosts); s.plus = s.plus.map(hosts)
        return .select(s)
    }
}
