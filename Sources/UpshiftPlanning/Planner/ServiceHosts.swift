import UpshiftModel

extension PlanContext {
    /// The name the scheduler knows a host by, from the facts (the pack's `service_host`); nil when unknown.
    func serviceHost(_ h: HostName) -> String? {
        guard let spec = pack.serviceHost, let f = r.facts?.hosts.first(where: { $0.host == h }) else { return nil }
        return f.serviceHost(spec)
    }

    /// Records, on every step that names hosts to the scheduler (disable/enable, and the health check
    /// the pack's client runs from the API host for some daemons), the names the facts give for them;
    /// without facts the inventory names stand (apply's drift check refuses when discovery then finds
    /// others).
    mutating func applyServiceHosts() {
        guard pack.serviceHost != nil, r.facts != nil else { return }
        let checked = Set(pack.client.healthFromAPI.map(\.daemon))
        for i in b.steps.indices {
            let s = b.steps[i]
            let named: [HostName]
            switch s.action {
            case .disableCompute, .enableCompute: named = s.params.targets ?? []
            case .waitHealthy where !(s.params.daemons ?? []).filter(checked.contains).isEmpty:
                named = s.hosts.filter { h in place.daemons(on: h).contains(where: checked.contains) }
            default: continue
            }
            let map = Dictionary(named.compactMap { h in serviceHost(h).map { (h.rawValue, $0) } }, uniquingKeysWith: { a, _ in a })
            if !map.isEmpty { b.steps[i].params.serviceHosts = map }
        }
    }
}
