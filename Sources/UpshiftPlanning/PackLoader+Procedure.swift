import UpshiftModel

/// Checks a format-2 procedure against the pack: every daemon, role, service, host set, daemon
/// set, condition and option set it names exists; named sets and conditions do not refer to
/// themselves; each step kind has the parameters it needs. Each problem names the file and line.
struct ProcedureChecker {
    let pack: Pack
    let doc: YAMLDocument
    typealias Path = [YAMLDocument.PathKey]
    private var out: [Diagnostic] = []

    init(pack: Pack, doc: YAMLDocument) { self.pack = pack; self.doc = doc }

    var proc: Procedure { pack.procedure ?? .empty }
    var daemons: Set<DaemonName> { Set(pack.services.flatMap(\.allDaemons)) }
    var roles: Set<RoleName> { Set(pack.roles.map(\.name)) }
    var services: Set<ServiceName> { Set(pack.services.map(\.name)) }

    mutating func fail(_ id: String, _ summary: String, _ path: Path) {
        out.append(Diagnostic(id: "pack.\(id)", severity: .error, summary: summary,
                              subject: .init(location: doc.location(ofKeys: path))))
    }

    func problems() -> [Diagnostic] {
        var c = self
        guard pack.procedure != nil else {
            c.fail("no-procedure", "a format-2 pack needs a `procedure` (docs/pack-format.md)", [])
            return c.out
        }
        let root: Path = [.key("procedure")]
        for (name, e) in proc.hostSets.sorted(by: { $0.key < $1.key }) {
            c.check(e, root + [.key("host_sets"), .key(name)])
            if c.reaches(name, from: e) { c.fail("cycle", "host set '\(name)' refers to itself", root + [.key("host_sets"), .key(name)]) }
        }
        for (name, list) in proc.daemonSets.sorted(by: { $0.key < $1.key }) {
            for d in list where !daemons.contains(d) { c.fail("unknown-daemon", "daemon set '\(name)' names unknown daemon '\(d)'", root + [.key("daemon_sets"), .key(name)]) }
        }
        for (name, cond) in proc.conditions.sorted(by: { $0.key < $1.key }) {
            c.check(cond, root + [.key("conditions"), .key(name)])
            if c.reachesCondition(name, from: cond, seen: []) { c.fail("cycle", "condition '\(name)' refers to itself", root + [.key("conditions"), .key(name)]) }
        }
        for key in proc.texts.keys.sorted() where StepAction(rawValue: key) == nil && key != "pre-sync" {
            c.fail("unknown-action", "texts names unknown step kind '\(key)'", root + [.key("texts"), .key(key)])
        }
        func phases(_ list: [PhaseSpec], _ at: Path) { for (i, p) in list.enumerated() { c.check(p, at + [.index(i)]) } }
        phases(proc.before, root + [.key("before")])
        phases(proc.after, root + [.key("after")])
        for m in PlanMethod.allCases {
            guard let spec = proc.methods[m] else { continue }
            phases(spec.phases, root + [.key(m.rawValue), .key("phases")])
            for (i, d) in spec.decisions.enumerated() { if let w = d.when { c.check(w, root + [.key(m.rawValue), .key("decisions"), .index(i), .key("when")]) } }
        }
        // A phase shared through a YAML alias is checked once per use: report each problem once.
        var seen: Set<Diagnostic> = []
        return c.out.filter { seen.insert($0).inserted }
    }

    mutating func check(_ p: PhaseSpec, _ at: Path) {
        if let s = p.service, !services.contains(s) { fail("unknown-service", "phase '\(p.id)' names unknown service '\(s)'", at + [.key("service")]) }
        for s in p.forEach?.except ?? [] where !services.contains(s) { fail("unknown-service", "phase '\(p.id)' excepts unknown service '\(s)'", at + [.key("for_each")]) }
        if let h = p.hosts { check(h, at + [.key("hosts")]) }
        if let w = p.when { check(w, at + [.key("when")]) }
        checkSteps(p.steps, at + [.key("steps")], phase: p.id)
    }

    mutating func checkSteps(_ steps: [StepSpec], _ at: Path, phase: String) {
        for (i, s) in steps.enumerated() {
            let here = at + [.index(i)]
            if let w = s.when { check(w, here + [.key("when")]) }
            if let inner = s.steps { checkSteps(inner, here + [.key("steps")], phase: phase); continue }
            guard let action = s.action else { fail("step", "phase '\(phase)': a step needs `do` (a step kind) or `steps`", here); continue }
            check(s, action, here, phase: phase)
        }
    }

    mutating func check(_ s: StepSpec, _ action: StepAction, _ at: Path, phase: String) {
        let what = "phase '\(phase)', step \(action.rawValue)"
        if let svc = s.service, !svc.isEmpty, !svc.contains("{"), !services.contains(ServiceName(svc)) {
            fail("unknown-service", "\(what): unknown service '\(svc)'", at + [.key("service")])
        }
        for (key, e) in [("hosts", s.hosts), ("targets", s.targets)] { if let e { check(e, at + [.key(key)]) } }
        for (key, terms) in [("daemons", s.daemons), ("except", s.except), ("only", s.only), ("target_daemons", s.targetDaemons)] {
            for t in terms ?? [] { check(t, at + [.key(key)], what: what) }
        }
        if let o = s.options, pack.optionSets[o] == nil { fail("unknown-reference", "\(what): unknown option set '\(o)'", at + [.key("options")]) }
        for (key, missing) in requirements(s, action) where missing {
            fail("step", "\(what) needs `\(key)`", at)
        }
    }

    /// The parameters each kind cannot do without.
    func requirements(_ s: StepSpec, _ action: StepAction) -> [(String, Bool)] {
        switch action {
        case .stop, .start, .restart, .waitHealthy, .enable, .reload: return [("daemons", s.daemons == nil)]
        case .setOption, .unsetOption, .pinRPC, .unpinRPC: return [("options", s.options == nil)]
        // install-code and switch-code without a command use the host platform's package-install and
        // code-switch (refused at plan time when the platform lacks them).
        case .run, .check, .verifyQuery, .workload: return [("command", s.command == nil)]
        case .lookup: return [("command", s.command == nil), ("variable", s.variable == nil), ("field", s.field == nil)]
        case .verifyVersion: return [("package", s.package == nil), ("version", s.version == nil)]
        default: return []
        }
    }
}
