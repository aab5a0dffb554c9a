import UpshiftModel

/// A hook ready for the plan: its command text (a `file:` hook's file already read by the caller).
public struct PlanHook: Sendable, Hashable {
    public var hook: Hook
    public var command: String
    public init(hook: Hook, command: String) { self.hook = hook; self.command = command }
}

/// Puts the inventory's hooks into a plan as `hook` steps. A hook before or after a whole phase gets
/// a phase of its own just before or after it (phases run one after another, so it runs when the
/// previous phase is done and before the next starts); a hook on each batch joins the batch: before
/// it, every step of the batch waits for it; after it, it waits for every step of the batch. Pure.
public enum HookPlacement {
    public static func insert(_ hooks: [PlanHook], into plan: Plan) -> (Plan, [Diagnostic]) {
        var plan = plan, problems: [Diagnostic] = []
        let phases = plan.phases.map(\.id).filter { p in plan.steps.contains { $0.phase == p } }
        var used: Set<StepID> = Set(plan.steps.map(\.id))
        for h in hooks {
            guard phases.contains(h.hook.phase) else {
                problems.append(Diagnostic(id: "inventory.hook-unknown-phase", severity: .error,
                    summary: "a hook names phase '\(h.hook.phase)', which this \(plan.method.rawValue) plan does not have",
                    fix: "phases of this plan: \(phases.map(\.rawValue).joined(separator: ", "))", subject: .init(location: h.hook.location)))
                continue
            }
            if h.hook.eachBatch { insertPerBatch(h, &plan, &used, &problems) } else { insertAroundPhase(h, &plan, &used) }
        }
        return (plan, problems)
    }

    static func step(_ h: PlanHook, id: StepID, phase: PhaseID, batch: Int?, after: [StepID]) -> Step {
        var params = StepParams()
        params.command = h.command
        let from = h.hook.location.map { " (\($0))" } ?? ""
        return Step(id: id, phase: phase, batch: batch, action: .hook, hosts: [h.hook.host], params: params, after: after,
                    reversible: true, rollback: "nothing to undo (an operator's hook)",
                    why: "operator hook \(h.hook.when.rawValue) \(h.hook.phase)\(h.hook.eachBatch ? " batch \(batch ?? 0)" : "")\(from)",
                    idempotent: true)
    }

    static func unique(_ base: String, _ used: inout Set<StepID>) -> StepID {
        var id = StepID(base), n = 2
        while used.contains(id) { id = StepID("\(base)-\(n)"); n += 1 }
        used.insert(id)
        return id
    }

    static func insertAroundPhase(_ h: PlanHook, _ plan: inout Plan, _ used: inout Set<StepID>) {
        let w = h.hook.when.rawValue, target = h.hook.phase
        let phaseID = PhaseID("hooks-\(w)-\(target)")
        let id = unique("hooks/\(w)-\(target)@\(h.hook.host)", &used)
        let s = step(h, id: id, phase: phaseID, batch: nil, after: [])
        if let existing = plan.steps.lastIndex(where: { $0.phase == phaseID }) {
            plan.steps.insert(s, at: existing + 1); return
        }
        let at = h.hook.when == .before ? plan.steps.firstIndex { $0.phase == target }! : plan.steps.lastIndex { $0.phase == target }! + 1
        plan.steps.insert(s, at: at)
        let info = PhaseInfo(id: phaseID, title: "Hook \(w) \(target)", summary: "Operator commands from the inventory's hooks, run \(w) phase \(target).")
        let p = plan.phases.firstIndex { $0.id == target }!
        plan.phases.insert(info, at: h.hook.when == .before ? p : p + 1)
    }

    static func insertPerBatch(_ h: PlanHook, _ plan: inout Plan, _ used: inout Set<StepID>, _ problems: inout [Diagnostic]) {
        let w = h.hook.when.rawValue, target = h.hook.phase
        let batches = Array(Set(plan.steps.filter { $0.phase == target }.compactMap(\.batch))).sorted()
        guard !batches.isEmpty else {
            problems.append(Diagnostic(id: "inventory.hook-no-batches", severity: .error,
                summary: "a hook runs on each batch of phase '\(target)', which has no batches",
                fix: "drop `each_batch: true`, or name a batched phase", subject: .init(location: h.hook.location)))
            return
        }
        for b in batches {
            let members = plan.steps.indices.filter { plan.steps[$0].phase == target && plan.steps[$0].batch == b }
            let id = unique("hooks/\(w)-\(target)-batch-\(b < 10 ? "0" : "")\(b)@\(h.hook.host)", &used)
            if h.hook.when == .before {
                for i in members { plan.steps[i].after.append(id) }
                plan.steps.insert(step(h, id: id, phase: target, batch: b, after: []), at: members[0])
            } else {
                plan.steps.insert(step(h, id: id, phase: target, batch: b, after: members.map { plan.steps[$0].id }), at: members.last! + 1)
            }
        }
    }
}
