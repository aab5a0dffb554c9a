import UpshiftModel

/// The names a procedure's host expressions, daemon lists and conditions use.
extension ProcedureChecker {
    static let builtinSets: Set<String> = ["all", "phase"]

    mutating func check(_ e: HostExpr, _ at: Path) {
        switch e {
        case .named(let n):
            if !Self.builtinSets.contains(n) && proc.hostSets[n] == nil { fail("unknown-reference", "unknown host set '\(n)'", at) }
        case .select(let s):
            if let n = s.set { check(HostExpr.named(n), at) }
            for t in s.daemons ?? [] { check(t, at, what: "host selector") }
            if let svc = s.service, !svc.contains("{"), !services.contains(ServiceName(svc)) { fail("unknown-service", "unknown service '\(svc)'", at) }
            if let svc = s.databaseOf, !svc.contains("{"), !services.contains(ServiceName(svc)) { fail("unknown-service", "unknown service '\(svc)'", at) }
            if let r = s.role, !roles.contains(r) { fail("unknown-role", "unknown role '\(r)'", at) }
            for x in s.firstOf ?? [] { check(x, at) }
            for x in [s.within, s.minus, s.plus].compactMap({ $0 }) { check(x, at) }
        }
    }

    mutating func check(_ t: DaemonTerm, _ at: Path, what: String) {
        switch t {
        case .name(let d): if !daemons.contains(d) { fail("unknown-daemon", "\(what): unknown daemon '\(d)'", at) }
        case .set(let n): if proc.daemonSets[n] == nil { fail("unknown-reference", "\(what): unknown daemon set '$\(n)'", at) }
        case .query(let q):
            if let svc = q.service, svc != "any", !svc.contains("{"), !services.contains(ServiceName(svc)) {
                fail("unknown-service", "\(what): unknown service '\(svc)'", at)
            }
            for r in q.roles ?? [] where !roles.contains(r) { fail("unknown-role", "\(what): unknown role '\(r)'", at) }
            if let on = q.on { check(on, at) }
        }
    }

    mutating func check(_ c: PlanCondition, _ at: Path) {
        switch c {
        case .all(let l), .any(let l): for x in l { check(x, at) }
        case .not(let x): check(x, at)
        case .named(let n): if proc.conditions[n] == nil { fail("unknown-reference", "unknown condition '\(n)'", at) }
        case .enabled(let s), .service(let s): if !services.contains(s) { fail("unknown-service", "unknown service '\(s)'", at) }
        case .hosts(let e): check(e, at)
        case .option(let kv):
            checkOption(kv, at)
        case .setting(let kv):
            let name = kv.split(separator: "=").first.map(String.init) ?? kv
            if !kv.contains("=") || !(pack.cloudSettingConditionNames.contains(name) || pack.setting(name) != nil) { fail("unknown-reference", "unknown setting '\(kv)'", at) }
        case .serviceHas(let what):
            if !["database", "install", "new_daemons", "config"].contains(what) { fail("unknown-reference", "service_has '\(what)': one of database, install, new_daemons, config", at) }
        case .hostsDiffer(let f): if !["os", "release"].contains(f) { fail("unknown-reference", "hosts_differ '\(f)': one of os, release", at) }
        case .param, .pointOfNoReturn: break
        }
    }

    /// `{option: NAME=VALUE}`: an engine option, or one of the pack's `plan_options` with one of its values.
    mutating func checkOption(_ kv: String, _ at: Path) {
        let engine = ["os_upgrade", "by_group", "batch_size", "canary"]
        let known = (engine + pack.planOptions.map(\.name)).joined(separator: ", ")
        guard let eq = kv.firstIndex(of: "=") else { return fail("unknown-reference", "plan option '\(kv)' needs NAME=VALUE (\(known))", at) }
        let name = String(kv[..<eq]), value = String(kv[kv.index(after: eq)...])
        if engine.contains(name) { return }
        guard let o = pack.planOption(name) else { return fail("unknown-reference", "unknown plan option '\(name)' (\(known))", at) }
        if !o.values.contains(value) { fail("unknown-reference", "plan option \(name) has no value '\(value)' (\(o.values.joined(separator: ", ")))", at) }
    }

    /// Whether host set `name` is reached again from `e` (a cycle).
    func reaches(_ name: String, from e: HostExpr, seen: Set<String> = []) -> Bool {
        let refs: [String]
        switch e {
        case .named(let n): refs = [n]
        case .select(let s): refs = s.references
        }
        for r in refs {
            if r == name { return true }
            guard !seen.contains(r), let next = proc.hostSets[r] else { continue }
            if reaches(name, from: next, seen: seen.union([r])) { return true }
        }
        return false
    }

    func reachesCondition(_ name: String, from c: PlanCondition, seen: Set<String>) -> Bool {
        switch c {
        case .all(let l), .any(let l): return l.contains { reachesCondition(name, from: $0, seen: seen) }
        case .not(let x): return reachesCondition(name, from: x, seen: seen)
        case .named(let n):
            if n == name { return true }
            guard !seen.contains(n), let next = proc.conditions[n] else { return false }
            return reachesCondition(name, from: next, seen: seen.union([n]))
        default: return false
        }
    }
}
