import UpshiftModel

/// One step of the procedure made into plan steps. Most kinds make one step; `backup-db` and
/// `sync-schema` make one per database of the service (a sync after its `pre_sync` commands),
/// `migrate-config` one per config file of the service. A step whose hosts, daemons, packages
/// or options come out empty is left out.
extension PlanContext {
    mutating func add(_ s: StepSpec, _ outer: Scope) {
        guard let action = s.action else { return }
        // The step's service (`service: ""` for none) is the `{service}` of its texts and its id's prefix.
        var scope = outer
        let serviceName: ServiceName? = if let given = s.service.map({ text($0, outer) }) {
            given.isEmpty ? nil : ServiceName(given)
        } else { outer.service?.name }
        if serviceName != outer.service?.name { scope.service = serviceName.flatMap(pack.service) }
        let on = hosts(s.hosts ?? .named("phase"), scope)
        let label: String? = s.label.map { text($0, scope) } ?? s.labelMany.flatMap { on.count == 1 ? nil : text($0, scope) }
        var e = Emit(spec: s, action: action, service: serviceName, hosts: on, label: label)
        switch action {
        case .backupDatabase: return backupSteps(e, scope)
        case .syncSchema: return syncSteps(e, scope)
        case .migrateConfig: return migrateSteps(e, scope)
        case .repoSwitch:
            guard let repo = pack.repositories else { return }
            e.params.repoRemove = repo.remove; e.params.repoInstall = repo.install
            e.params.repoPackage = repo.package; e.params.repoRestore = repo.restore
        case .downloadPackages, .upgradePackages, .installPackages:
            e.params.packages = s.packages ?? defaultPackages(action, scope)
            if action != .upgradePackages, e.params.packages?.isEmpty ?? true { return }
        case .installCode where s.command == nil:   // the platform's package-install needs the packages
            e.params.packages = s.packages ?? defaultPackages(action, scope)
        case .stop, .start, .restart, .waitHealthy, .enable, .reload:
            var ds = daemons(s.daemons ?? [], on: on, scope)
            if let except = s.except { let x = daemons(except, on: on, scope); ds.removeAll(where: x.contains) }
            if let only = s.only { let keep = daemons(only, on: on, scope); ds = ds.filter(keep.contains) }
            guard !ds.isEmpty else { return }
            e.params.daemons = ds
            e.params.timeout = s.timeout
            if s.skipHostsWithoutDaemons == true {
                e.hosts = on.filter { h in place.daemons(on: h, includeNew: true).contains(where: ds.contains) }
            }
        case .setOption, .unsetOption, .pinRPC, .unpinRPC:
            guard let name = s.options, let set = pack.optionSets[name], !set.values.isEmpty else { return }
            e.params.file = set.file
            e.params.options = resolvedOptions[name] ?? resolveHosts(set.values)
            resolvedOptions[name] = e.params.options
        case .disableCompute, .enableCompute, .verifyQuery, .workload:
            e.params.targets = hosts(s.targets ?? .named("phase"), scope)
            if let t = s.targetDaemons { e.params.daemons = daemons(t, on: [], scope) }
        default:
            break
        }
        e.params.command = s.command.map { text($0, scope) } ?? e.params.command
        e.params.user = s.user ?? e.params.user
        e.params.variable = s.variable; e.params.field = s.field
        e.params.accept = s.accept; e.params.retryWhile = s.retryWhile; e.params.retryLimit = s.retryLimit
        e.params.expect = s.expect.map { text($0, scope) }
        e.params.package = s.package.map { text($0, scope) }
        e.params.version = s.version.map { text($0, scope) }
        emit(e, scope)
    }

    /// A plan step on its way: the spec it comes from and what is decided so far.
    struct Emit {
        var spec: StepSpec
        var action: StepAction
        var service: ServiceName?
        var hosts: [HostName]
        var label: String?
        var params = StepParams()
        var verb: String?
        var reversible: Bool?
        var pointOfNoReturn = false
        /// Text for the `why` and `rollback` when the spec gives none (a pre-sync command).
        var textsKey: String?
        init(spec: StepSpec, action: StepAction, service: ServiceName?, hosts: [HostName], label: String?) {
            self.spec = spec; self.action = action; self.service = service; self.hosts = hosts; self.label = label
            verb = spec.verb
        }
    }

    mutating func emit(_ e: Emit, _ scope: Scope) {
        let defaults = procedure.texts[e.textsKey ?? e.action.rawValue]
        let why = (e.textsKey == nil ? e.spec.why : nil) ?? defaults?.why
        let rollback = (e.textsKey == nil ? e.spec.rollback : nil) ?? defaults?.rollback
        // The step's variables only when a text can use them (most texts are plain words).
        let usesVars = [why, rollback, e.verb.map(TextTemplate.plain)].contains { $0?.mayUseVariables ?? false }
        let vars = usesVars ? variables(e) : [:]
        b.add(e.action, service: e.service, hosts: e.hosts, label: e.label, params: e.params,
              reversible: e.reversible ?? e.spec.reversible ?? true,
              rollback: rollback.map { text($0, scope, step: vars) }, why: why.map { text($0, scope, step: vars) },
              idempotent: e.spec.idempotent ?? true, pointOfNoReturn: e.pointOfNoReturn,
              verb: e.verb.map { text($0, scope, step: vars) })
    }

    /// The template variables a step's texts can use.
    func variables(_ e: Emit) -> Vars {
        let p = e.params
        var v: Vars = [:]
        v["service"] = e.service?.rawValue
        v["daemons"] = p.daemons?.map(\.rawValue).joined(separator: ", ")
        v["packages"] = p.packages?.joined(separator: " ")
        v["file"] = p.file
        v["database"] = p.database?.rawValue
        v["backup_path"] = p.path
        v["value"] = p.options?.first?.value
        v["variable"] = p.variable
        v["repo_package"] = p.repoPackage
        v["repo_restore"] = p.repoRestore
        v["repo_remove"] = p.repoRemove?.joined(separator: ", ")
        v["point_of_no_return"] = e.pointOfNoReturn ? "true" : "false"
        return v
    }

    func defaultPackages(_ action: StepAction, _ scope: Scope) -> [String] {
        switch action {
        case .downloadPackages:
            var out: [String] = []
            for svc in pack.services where enabled.contains(svc.name) {
                for p in svc.packages + svc.install where !out.contains(p) { out.append(p) }
            }
            return out
        case .installPackages: return scope.service?.install ?? []
        default: return scope.service?.packages ?? []
        }
    }
}

extension TextTemplate {
    /// Whether rendering may read a variable: a `{name}` in the text, or choices (their conditions may).
    var mayUseVariables: Bool {
        switch self {
        case .plain(let s): s.utf8.contains(UInt8(ascii: "{"))
        case .choices: true
        }
    }
}
