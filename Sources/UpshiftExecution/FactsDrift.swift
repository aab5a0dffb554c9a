import UpshiftModel

/// What discovery found on the hosts compared with what the plan assumes: every host reachable,
/// on the base OS the inventory names, and still on the plan's `from` release (no package of a
/// service already at its target version). Each contradiction is an error naming the host and what
/// was found, so `apply` refuses before anything runs. Pure.
public enum FactsDrift {
    public static func check(_ plan: Plan, inventory: Inventory, pack: Pack, facts: Facts) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let planned = Set(plan.steps.flatMap(\.hosts))
        let byHost = Dictionary(facts.hosts.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
        for host in inventory.hosts where planned.contains(host.name) {
            guard let f = byHost[host.name] else {
                out.append(error("apply.drift.undiscovered", host.name, "\(host.name) was not discovered", fix: "run discovery again (or pass --facts with this host)"))
                continue
            }
            guard f.reachable else {
                out.append(error("apply.drift.unreachable", host.name, "\(host.name) could not be reached: \(f.error ?? "no answer")",
                                 fix: "make the host reachable over ssh, or remove it from the inventory and plan again"))
                continue
            }
            // Only for the `os:` aliases; another platform's release text is not interpreted.
            if let os = host.os, let text = f.os, let seen = baseOS(text), seen != os {
                out.append(error("apply.drift.os", host.name, "\(host.name) runs \(text), the inventory says \(os.rawValue)",
                                 fix: "correct the host's os in the inventory and plan again"))
            }
            if let spec = pack.serviceHost, let found = f.serviceHost(spec), let used = namesUsed(plan)[host.name], used != found {
                out.append(error("apply.drift.service-host", host.name,
                                 "the scheduler knows \(host.name) as '\(found)' (\(spec.file) \(spec.option), else its hostname), the plan names it '\(used)'",
                                 fix: "plan again from discovered facts (`upshift discover -o facts.json`, `upshift plan --facts facts.json`)"))
            }
            let upgraded = alreadyUpgraded(f, pack: pack)
            if !upgraded.isEmpty {
                out.append(error("apply.drift.release", host.name,
                                 "\(host.name) already has \(pack.to) packages (\(upgraded.prefix(3).joined(separator: ", "))\(upgraded.count > 3 ? ", …" : "")): the plan assumes \(plan.from)",
                                 fix: "find out who upgraded the host; plan again from discovered facts (`upshift discover`, `upshift plan --facts`)"))
            }
        }
        return out
    }

    /// Inventory name → the name the plan's scheduler commands use for it (its `service_hosts`, else the label).
    static func namesUsed(_ plan: Plan) -> [HostName: String] {
        var out: [HostName: String] = [:]
        for s in plan.steps {
            switch s.action {
            case .disableCompute, .enableCompute:
                for t in s.params.targets ?? [] { out[t] = s.params.serviceHosts?[t.rawValue] ?? t.rawValue }
            default:
                for (k, v) in s.params.serviceHosts ?? [:] { out[HostName(k)] = v }
            }
        }
        return out
    }

    /// `el6`, `el7` or `fedora` from /etc/redhat-release text; nil when it cannot tell.
    public static func baseOS(_ release: String) -> BaseOS? {
        let t = release.lowercased()
        if t.contains("fedora") { return .fedora }
        guard t.contains("red hat") || t.contains("centos") || t.contains("scientific") || t.contains("oracle") else { return nil }
        if t.contains("release 6") { return .el6 }
        if t.contains("release 7") { return .el7 }
        return nil
    }

    /// Installed packages of the pack's services that are already at their service's target version.
    static func alreadyUpgraded(_ f: HostFacts, pack: Pack) -> [String] {
        var out: [String] = [], seen: Set<String> = []
        let installed = f.packages.sorted { $0.key < $1.key }
        for svc in pack.services {
            guard let target = svc.targetVersion else { continue }
            for (name, version) in installed
            where version.hasPrefix(target + ".") && svc.packages.contains(where: { glob($0, matches: name) }) && seen.insert(name).inserted {
                out.append("\(name) \(version)")
            }
        }
        return out
    }

    /// Shell-style `*` globs (the pack's package patterns).
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == name }
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (i, part) in parts.enumerated().dropFirst() {
            if i == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    static func error(_ id: String, _ host: HostName, _ summary: String, fix: String) -> Diagnostic {
        Diagnostic(id: id, severity: .error, summary: summary, fix: fix, subject: .init(hosts: [host]))
    }
}
