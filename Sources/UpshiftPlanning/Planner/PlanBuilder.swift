import UpshiftModel

/// Accumulates steps in execution order. Each step depends on the one before it (phases and
/// batches are gates), so a plan is a chain a reviewer can read top to bottom.
struct PlanBuilder {
    var steps: [Step] = []
    var phases: [PhaseInfo] = []
    var phase: PhaseID = "prepare"
    var batch: Int?
    private var usedIDs: Set<StepID> = []

    mutating func begin(_ info: PhaseInfo) {
        phases.append(info); phase = info.id; batch = nil
    }

    /// Adds a step unless its host list is empty. `label` names the host set in the id
    /// (a host name, `batch-03`, `controllers`, `all`).
    @discardableResult
    mutating func add(_ action: StepAction, service: ServiceName?, hosts: [HostName], label: String? = nil,
                      params: StepParams = .init(), reversible: Bool, rollback: String? = nil,
                      why: String? = nil, idempotent: Bool = true, pointOfNoReturn: Bool = false,
                      verb: String? = nil) -> StepID? {
        guard !hosts.isEmpty else { return nil }
        let where_ = label ?? (hosts.count == 1 ? hosts[0].rawValue : "\(hosts.count)-hosts")
        let base = "\(service?.rawValue ?? phase.rawValue)/\(verb ?? action.rawValue)@\(where_)"
        var id = StepID(base), n = 2
        while usedIDs.contains(id) { id = StepID("\(base)-\(n)"); n += 1 }
        usedIDs.insert(id)
        let after = steps.last.map { [$0.id] } ?? []
        steps.append(Step(id: id, phase: phase, batch: batch, action: action, service: service, hosts: hosts,
                          params: params, after: after, reversible: reversible, rollback: rollback,
                          pointOfNoReturn: pointOfNoReturn, why: why, idempotent: idempotent))
        return id
    }
}

extension StepParams {
    static func daemons(_ d: [DaemonName]) -> StepParams { var p = StepParams(); p.daemons = d; return p }
    static func packages(_ pk: [String]) -> StepParams { var p = StepParams(); p.packages = pk; return p }
    static func options(_ file: String, _ o: [OptionValue]) -> StepParams { var p = StepParams(); p.file = file; p.options = o; return p }
}
