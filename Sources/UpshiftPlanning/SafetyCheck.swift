import UpshiftModel

/// The safety check: simulates a plan step by step over a model of the cloud and evaluates the
/// pack's compatibility rules in every intermediate state; also checks the plan's structure and
/// the method's pre-flight rules. Pure: same inputs, same diagnostics.
public enum SafetyCheck {
    /// Pack setting values with the pack's defaults filled in for names not given.
    public static func settings(_ given: [String: String], pack: Pack) -> [String: String] {
        var s = given
        for p in pack.settings where s[p.name] == nil { s[p.name] = p.default }
        return s
    }

    /// Pre-flight: the method's rules evaluated on the starting state (inventory + facts).
    public static func preflight(inventory: Inventory, pack: Pack, facts: Facts?, method: PlanMethod,
                                 settings: [String: String]) -> [Diagnostic] {
        let state = CloudState(inventory: inventory, pack: pack, facts: facts, settings: Self.settings(settings, pack: pack))
        let rules = pack.preflight.filter { $0.methods.contains(method) }
        let eval = RuleEvaluator(subjects: rules.map { ($0.subject, $0.subjectDatabase, $0.when) }, method: method, state: state)
        return eval.broken(state).map { i in
            let r = rules[i]
            let hosts = eval.subjectHosts(rule: i, state: state)
            let dbs = eval.subjectDatabases(rule: i, state: state)
            var summary = r.summary
            if !dbs.isEmpty { summary += " (\(dbs.map(\.rawValue).joined(separator: ", ")))" }
            return Diagnostic(id: r.id, severity: r.severity, summary: summary,
                              detail: "pre-flight for the \(method.rawValue) method", fix: r.fix, reference: r.source,
                              subject: .init(hosts: hosts))
        }
    }

    /// Checks a plan: structure, pre-flight, every intermediate state, and the final state.
    public static func check(plan: Plan, inventory: Inventory, pack: Pack, facts: Facts?) -> [Diagnostic] {
        var out = structure(plan: plan, inventory: inventory, pack: pack)
        if out.hasErrors && out.contains(where: { $0.id == "plan.unknown-host" }) { return out }
        let pre = preflight(inventory: inventory, pack: pack, facts: facts, method: plan.method, settings: plan.options.settings)
        out += pre
        // A failed pre-flight makes every later state moot; report it alone rather than its echoes.
        if pre.hasErrors { return out }
        out += simulate(plan: plan, inventory: inventory, pack: pack, facts: facts)
        return out
    }

    static func simulate(plan: Plan, inventory: Inventory, pack: Pack, facts: Facts?) -> [Diagnostic] {
        var state = CloudState(inventory: inventory, pack: pack, facts: facts, settings: settings(plan.options.settings, pack: pack))
        var eval = RuleEvaluator(subjects: pack.rules.map { ($0.subject, $0.subjectDatabase, $0.when) },
                                 method: plan.method, state: state)
        var out: [Diagnostic] = []
        var broken = Set(eval.broken(state))
        for i in broken.sorted() { out.append(violation(pack.rules[i], at: nil, eval: eval, rule: i, state: state)) }
        for (k, step) in plan.steps.enumerated() {
            if let changed = Effects.apply(step, to: &state, pack: pack) {
                for h in changed { eval.refresh(host: h, step: k, state: state) }
            } else {
                eval.refreshAll(state: state)
            }
            let now = Set(eval.broken(state))
            for i in now.subtracting(broken).sorted() {
                out.append(violation(pack.rules[i], at: step, eval: eval, rule: i, state: state))
            }
            broken = now
        }
        out += FinalState.check(state, pack: pack, method: plan.method)
        return out
    }

    static func violation(_ r: CompatRule, at step: Step?, eval: RuleEvaluator, rule i: Int, state: CloudState) -> Diagnostic {
        let hosts = eval.subjectHosts(rule: i, state: state)
        let dbs = eval.subjectDatabases(rule: i, state: state)
        var detail = r.consequence
        if let step { detail = "after step \(step.id): " + detail } else { detail = "in the starting state: " + detail }
        if !dbs.isEmpty { detail += " (database: \(dbs.map(\.rawValue).joined(separator: ", ")))" }
        return Diagnostic(id: r.id, severity: r.severity, summary: r.summary, detail: detail, fix: r.fix,
                          reference: r.source + (r.derived ? " [derived]" : ""),
                          subject: .init(hosts: hosts, step: step?.id))
    }
}

/// What must be true when a plan ends.
enum FinalState {
    static func check(_ state: CloudState, pack: Pack, method: PlanMethod) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let old = state.hosts.filter { $0.daemons.contains { $0.version == .from } }.map(\.name)
        if !old.isEmpty {
            out.append(Diagnostic(id: "plan.incomplete", severity: .error,
                summary: "the plan ends with services still on \(pack.from)",
                fix: "add the missing upgrade steps, or plan again", subject: .init(hosts: old)))
        }
        let stopped = state.hosts.filter { $0.daemons.contains { !$0.running } }.map(\.name)
        if !stopped.isEmpty {
            out.append(Diagnostic(id: "plan.left-stopped", severity: .error,
                summary: "the plan ends with services stopped", fix: "start them in the plan", subject: .init(hosts: stopped)))
        }
        let unsynced = state.databases.filter { $0.schema == .from }.map(\.name.rawValue)
        if !unsynced.isEmpty {
            out.append(Diagnostic(id: "plan.schema-not-synced", severity: .error,
                summary: "the plan ends with databases not synced: \(unsynced.joined(separator: ", "))",
                fix: "add a sync-schema step for each"))
        }
        out += finalChecks(state, pack: pack, method: method)
        return out
    }
}

extension FinalState {
    /// The pack's `final_checks`: rules evaluated once, on the state the plan ends in.
    static func finalChecks(_ state: CloudState, pack: Pack, method: PlanMethod) -> [Diagnostic] {
        guard !pack.finalChecks.isEmpty else { return [] }
        let rules = pack.finalChecks
        let eval = RuleEvaluator(subjects: rules.map { ($0.subject, $0.subjectDatabase, $0.when) }, method: method, state: state)
        return eval.broken(state).map { i in
            let r = rules[i]
            return Diagnostic(id: r.id, severity: r.severity, summary: r.summary,
                              detail: r.consequence.isEmpty ? nil : r.consequence, fix: r.fix,
                              reference: r.source.isEmpty ? nil : r.source + (r.derived ? " [derived]" : ""),
                              subject: .init(hosts: eval.subjectHosts(rule: i, state: state)))
        }
    }
}
