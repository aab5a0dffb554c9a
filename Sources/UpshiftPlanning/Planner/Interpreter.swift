import UpshiftModel

/// Where the interpreter stands: the service of a `for_each`, the phase's hosts, the batch.
struct Scope {
    var service: ServiceSpec?
    var phaseHosts: [HostName] = []
    var batch: (index: Int, hosts: [HostName])?
}

/// Phases: `when`, `for_each` service, batches (canary first), then their steps in order.
extension PlanContext {
    mutating func run(_ phase: PhaseSpec) {
        if let each = phase.forEach {
            for svc in services(each) {
                var scope = Scope(service: svc)
                scope.phaseHosts = phase.hosts.map { hosts($0, scope) } ?? place.hosts(running: svc.name)
                if each.skipWithoutHosts && scope.phaseHosts.isEmpty { continue }
                guard holds(phase.when, scope) else { continue }
                begin(phase, id: phase.id, title: phase.title, summary: phase.summary, scope)
                runSteps(phase.steps, scope)
            }
            return
        }
        var scope = Scope(service: phase.service.flatMap(pack.service))
        guard holds(phase.when, scope) else { return }
        let fallback: HostExpr = phase.service.map { .select(HostSelector(service: $0.rawValue)) } ?? .named("all")
        scope.phaseHosts = hosts(phase.hosts ?? fallback, scope)
        guard phase.batches != nil else {
            begin(phase, id: phase.id, title: phase.title, summary: phase.summary, scope)
            runSteps(phase.steps, scope)
            return
        }
        let all = batches(scope.phaseHosts)
        for (i, batch) in all.enumerated() {
            scope.batch = (i, batch)
            let isCanary = i == 0 && options.canary > 0
            if i == 0 || (i == 1 && all.count > 1 && options.canary > 0) {
                if isCanary, let c = phase.batches?.canary {
                    begin(phase, id: c.id, title: c.title, summary: c.summary, scope)
                } else {
                    begin(phase, id: phase.id, title: phase.title, summary: phase.summary, scope)
                }
            }
            b.batch = i
            var inBatch = scope
            inBatch.phaseHosts = batch
            runSteps(phase.steps, inBatch)
        }
        b.batch = nil
    }

    mutating func begin(_ phase: PhaseSpec, id: String, title: TextTemplate, summary: TextTemplate, _ scope: Scope) {
        let outage = phase.forEach == nil ? nil : scope.service?.outage
        let svcName = scope.service?.name.rawValue ?? ""
        let apis = phase.apisDown.map { $0.map { text($0, scope) } } ?? (outage?.api == true ? [svcName] : [])
        b.begin(PhaseInfo(id: PhaseID(text(id, scope)), title: text(title, scope), summary: text(summary, scope),
                          apisDown: apis, bootsAffected: phase.bootsAffected ?? outage?.boots ?? false))
    }

    mutating func runSteps(_ steps: [StepSpec], _ scope: Scope) {
        for s in steps {
            if let group = s.steps {
                if let each = s.forEach {
                    for svc in services(each) {
                        var inner = scope
                        inner.service = svc
                        guard holds(s.when, inner) else { continue }
                        runSteps(group, inner)
                    }
                } else if holds(s.when, scope) {
                    runSteps(group, scope)
                }
                continue
            }
            guard holds(s.when, scope) else { continue }
            add(s, scope)
        }
    }

    /// The enabled services of the pack, in pack order, without the excepted ones.
    func services(_ each: ForEachService) -> [ServiceSpec] {
        pack.services.filter { enabled.contains($0.name) && !each.except.contains($0.name) }
    }

    /// Batches of a phase's hosts: canary first, then batches of `--batch-size` (within groups with `--by-group`).
    func batches(_ hosts: [HostName]) -> [[HostName]] {
        guard !hosts.isEmpty else { return [] }
        let size = max(1, options.batchSize)
        let canary = min(max(0, options.canary), hosts.count)
        var out: [[HostName]] = canary > 0 ? [Array(hosts.prefix(canary))] : []
        let rest = Array(hosts.dropFirst(canary))
        if options.byGroup {
            var order: [String] = [], groups: [String: [HostName]] = [:]
            for h in rest {
                let g = place.host(h)?.group ?? ""
                if groups[g] == nil { order.append(g) }
                groups[g, default: []].append(h)
            }
            for g in order { out += chunks(groups[g]!, size) }
        } else {
            out += chunks(rest, size)
        }
        return out
    }

    func chunks(_ a: [HostName], _ n: Int) -> [[HostName]] {
        stride(from: 0, to: a.count, by: n).map { Array(a[$0..<min($0 + n, a.count)]) }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
