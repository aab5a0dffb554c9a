import UpshiftModel

/// Everything the planner needs. The planner is a pure function of this value.
public struct PlanRequest: Sendable {
    public var inventory: Inventory
    public var pack: Pack
    public var facts: Facts?
    public var method: PlanMethod
    public var options: PlanOptions
    public var inventoryRef: InputRef
    public var packRef: InputRef
    public init(inventory: Inventory, pack: Pack, facts: Facts? = nil, method: PlanMethod, options: PlanOptions,
                inventoryRef: InputRef, packRef: InputRef) {
        self.inventory = inventory; self.pack = pack; self.facts = facts; self.method = method
        self.options = options; self.inventoryRef = inventoryRef; self.packRef = packRef
    }
}

/// Turns (inventory, pack, method, options) into a plan by interpreting the pack's procedure
/// (pack format 2): its phases, host sets, batches and steps, and the decisions it records.
/// Deciding lives here; doing lives in the executor. The planner knows no service by name.
public enum Planner {
    public static func plan(_ r: PlanRequest) -> Plan {
        var options = r.options
        options.settings = SafetyCheck.settings(options.settings, pack: r.pack)
        for o in r.pack.planOptions where options.packOptions[o.name] == nil { options.packOptions[o.name] = o.default }
        var ctx = PlanContext(request: r, options: options)
        if let procedure = r.pack.procedure {
            let method = procedure.methods[r.method]
            for d in method?.decisions ?? [] where ctx.holds(d.when, Scope()) {
                ctx.decisions.append(Decision(id: d.id, summary: ctx.text(d.summary, Scope()), reason: ctx.text(d.reason, Scope())))
            }
            for phase in procedure.before + (method?.phases ?? []) + procedure.after { ctx.run(phase) }
        }
        ctx.applyPauses()
        ctx.applyServiceHosts()
        return Plan(method: r.method, from: r.pack.from, to: r.pack.to, pack: r.packRef, inventory: r.inventoryRef,
                    hosts: r.inventory.hosts.map(\.name), options: options, decisions: ctx.decisions,
                    phases: ctx.b.phases, steps: ctx.b.steps)
    }
}

extension Planner {
    /// What the pack says about the request's method, for `plan --compare`.
    public static func notes(_ r: PlanRequest) -> [String] {
        let ctx = PlanContext(request: r, options: r.options)
        return (ctx.procedure.methods[r.method]?.notes ?? []).map { ctx.text($0, Scope()) }.filter { !$0.isEmpty }
    }
}

/// The planner's working state for one plan.
struct PlanContext {
    let r: PlanRequest
    let options: PlanOptions
    let place: ServicePlacement
    let procedure: Procedure
    var b = PlanBuilder()
    var decisions: [Decision] = []
    /// The named host sets, resolved once (they do not depend on the phase at hand).
    var named: [String: [HostName]] = [:]
    /// Option sets with their `{{host:DAEMON}}` placeholders resolved, by name (a pin is set once per batch).
    var resolvedOptions: [String: [OptionValue]] = [:]
    var pack: Pack { r.pack }
    var enabled: Set<ServiceName>
    /// Every host, in inventory order.
    let allHosts: [HostName]

    init(request: PlanRequest, options: PlanOptions) {
        r = request; self.options = options
        allHosts = request.inventory.hosts.map(\.name)
        place = ServicePlacement(inventory: request.inventory, pack: request.pack)
        procedure = request.pack.procedure ?? .empty
        enabled = Set(request.inventory.settings.services)
        for name in procedure.hostSets.keys.sorted() where named[name] == nil { named[name] = resolveNamed(name, visiting: []) }
    }

    /// Pause steps at the end of each phase named in `--pause-after`.
    mutating func applyPauses() {
        guard !options.pauseAfter.isEmpty else { return }
        var out: [Step] = []
        for (i, s) in b.steps.enumerated() {
            out.append(s)
            let last = i + 1 == b.steps.count || b.steps[i + 1].phase != s.phase
            if last, options.pauseAfter.contains(s.phase) {
                var p = StepParams(); p.reason = "--pause-after \(s.phase)"
                let id = StepID("\(s.phase)/pause")
                out.append(Step(id: id, phase: s.phase, action: .pause, hosts: [], params: p, after: [s.id],
                                reversible: true, rollback: "nothing to undo", why: "the operator asked to pause after this phase"))
            }
        }
        // Re-chain: the step after a pause depends on the pause.
        for i in out.indices.dropFirst() where out[i - 1].action == .pause { out[i].after = [out[i - 1].id] }
        b.steps = out
    }
}
