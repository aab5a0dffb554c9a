import UpshiftModel

extension SafetyCheck {
    /// Structural checks of a (possibly hand-edited) plan: hosts exist, ids are unique, every step
    /// comes after the steps it depends on, the point of no return is marked.
    static func structure(plan: Plan, inventory: Inventory, pack: Pack) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let known = Set(inventory.hosts.map(\.name))
        var position: [StepID: Int] = [:]
        for (i, s) in plan.steps.enumerated() {
            if position[s.id] != nil {
                out.append(Diagnostic(id: "plan.duplicate-step", severity: .error, summary: "step id \(s.id) appears twice",
                                      fix: "give every step a unique id", subject: .init(step: s.id)))
            }
            position[s.id] = i
            let unknown = (s.hosts + (s.params.targets ?? [])).filter { !known.contains($0) }
            if !unknown.isEmpty {
                out.append(Diagnostic(id: "plan.unknown-host", severity: .error,
                    summary: "step \(s.id) names hosts not in the inventory: \(unknown.map(\.rawValue).joined(separator: ", "))",
                    fix: "plan again from the current inventory", subject: .init(hosts: unknown, step: s.id)))
            }
        }
        for (i, s) in plan.steps.enumerated() {
            for dep in s.after {
                guard let j = position[dep] else {
                    out.append(Diagnostic(id: "plan.unknown-dependency", severity: .error,
                        summary: "step \(s.id) depends on \(dep), which is not in the plan",
                        fix: "plan again", subject: .init(step: s.id)))
                    continue
                }
                if j > i {
                    out.append(Diagnostic(id: "plan.unsafe-order", severity: .error,
                        summary: "step \(s.id) runs before \(dep), which it must follow",
                        fix: "restore the order the planner produced, or plan again with the pack option (`--option NAME=VALUE`) that allows this order",
                        subject: .init(hosts: s.hosts, step: s.id)))
                }
            }
        }
        let ponrDatabases = Set(pack.services.flatMap(\.databases).filter(\.pointOfNoReturn).map(\.name))
        if let first = plan.steps.first(where: { $0.action == .syncSchema && ponrDatabases.contains($0.params.database ?? "") }),
           !first.pointOfNoReturn {
            out.append(Diagnostic(id: "db.point-of-no-return", severity: .error,
                summary: "step \(first.id) is the first irreversible schema sync but is not marked as the point of no return",
                fix: "mark it (point_of_no_return: true) so apply asks for confirmation before it",
                reference: "§5.1; OPS", subject: .init(step: first.id)))
        }
        return out
    }
}
