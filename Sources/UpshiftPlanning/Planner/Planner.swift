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

/// Turns (inventory, pack, method, options) into a plan. Deciding lives here; doing lives in the
/// executor. The VIF-event question and the RPC pin are decided explicitly and recorded as decisions.
public enum Planner {
    public static func plan(_ r: PlanRequest) -> Plan {
        var options = r.options
        options.settings = SafetyCheck.settings(options.settings, pack: r.pack)
        var ctx = PlanContext(request: r, options: options)
        ctx.prepare()
        switch r.method {
        case .offline: ctx.offline()
        case .service: ctx.serviceByService()
        case .live: ctx.live()
        }
        ctx.finalize()
        ctx.applyPauses()
        ctx.applyServiceHosts()
        return Plan(method: r.method, from: r.pack.from, to: r.pack.to, pack: r.packRef, inventory: r.inventoryRef,
                    hosts: r.inventory.hosts.map(\.name), options: options, decisions: ctx.decisions,
                    phases: ctx.b.phases, steps: ctx.b.steps)
    }
}

/// The planner's working state for one plan.
struct PlanContext {
    let r: PlanRequest
    let options: PlanOptions
    let place: ServicePlacement
    var b = PlanBuilder()
    var decisions: [Decision] = []
    var pack: Pack { r.pack }

    init(request: PlanRequest, options: PlanOptions) {
        r = request; self.options = options
        let place = ServicePlacement(inventory: request.inventory, pack: request.pack)
        self.place = place
        let waiter = request.pack.events?.waiter ?? "openstack-nova-compute"
        computes = place.hosts(runningAny: [waiter])
        let ctlDaemons = request.pack.service("nova")?.daemons(forRoles: ["controller"]) ?? []
        novaControllers = Set(request.inventory.settings.services).contains("nova") ? place.hosts(runningAny: ctlDaemons) : []
    }

    var enabled: Set<ServiceName> { Set(r.inventory.settings.services) }
    var usesNeutron: Bool { r.inventory.settings.networking == .neutron && enabled.contains("neutron") }
    var allHosts: [HostName] { r.inventory.hosts.map(\.name) }
    /// Hosts running the event waiter (nova-compute), computed once.
    let computes: [HostName]
    var waiter: DaemonName { pack.events?.waiter ?? "openstack-nova-compute" }
    func spec(_ s: ServiceName) -> ServiceSpec? { enabled.contains(s) ? pack.service(s) : nil }

    /// Nova daemons that run on controller-side hosts (everything but the compute-side daemons).
    var novaControllerDaemons: [DaemonName] {
        guard let nova = spec("nova") else { return [] }
        return nova.daemons(forRoles: ["controller"])
    }
    /// Hosts running controller-side nova daemons, computed once.
    let novaControllers: [HostName]

    /// Repository switch on every host, and the look-ups (tenant id) while the APIs still run.
    mutating func prepare() {
        b.begin(PhaseInfo(id: "prepare", title: "Prepare",
            summary: "Switch every host to the \(pack.to) repository, fetch its packages into yum's cache and read values the plan needs while the APIs run. Nothing is stopped."))
        if let repo = pack.repositories {
            var p = StepParams(); p.repoRemove = repo.remove; p.repoInstall = repo.install
            p.repoPackage = repo.package; p.repoRestore = repo.restore
            let undo = repo.package != nil && repo.restore != nil
            b.add(.repoSwitch, service: nil, hosts: allHosts, label: "all", params: p, reversible: true,
                  rollback: undo ? "erase \(repo.package!) and reinstall \(repo.restore!) (first, before packages are downgraded)"
                                 : "by hand: erase the \(pack.to) release package and reinstall \(repo.remove.joined(separator: ", ")) (the pack names no package to restore)",
                  why: "packages of \(pack.to) come from its repository (§1)")
        }
        predownload()
        if usesNeutron, let ev = pack.events, let api = place.apiHost {
            for l in ev.lookups {
                var p = StepParams(); p.command = l.command; p.variable = l.variable; p.field = l.field
                b.add(.lookup, service: "neutron", hosts: [api], params: p, reversible: true, rollback: "nothing to undo",
                      why: "neutron needs the UUID, not the name, of the services tenant (§3.1, §9)", verb: "lookup-\(l.variable)")
            }
        }
    }

    /// Every package the upgrade will install, fetched into yum's cache on every host while
    /// everything still runs: each service's outage is then install-from-cache + sync, not download,
    /// and a repository that cannot serve a package fails here, before anything is stopped. The
    /// reference is silent on this; it is yum's `--downloadonly` (docs/commands.md).
    mutating func predownload() {
        var packages: [String] = []
        for svc in pack.services where enabled.contains(svc.name) {
            for p in svc.packages + svc.install where !packages.contains(p) { packages.append(p) }
        }
        guard !packages.isEmpty else { return }
        // Hosts whose base OS is upgraded later get the new OS's packages then: nothing to fetch now.
        let hosts = options.osUpgrade ? allHosts.filter { !computes.contains($0) } : allHosts
        guard !hosts.isEmpty else { return }
        b.add(.downloadPackages, service: nil, hosts: hosts, label: "all", params: .packages(packages), reversible: true,
              rollback: "nothing to undo (the packages wait in yum's cache; `yum clean packages` frees it)",
              why: "each outage is then install from the local cache + sync, not download; a broken repository shows before anything stops")
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
