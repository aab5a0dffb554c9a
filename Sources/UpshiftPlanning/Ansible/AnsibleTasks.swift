import UpshiftModel

/// The tasks of one plan step (see `AnsiblePlaybook`). A step's commands differ by host, so each
/// command position is one task whose `upshift_cmd` maps every host to its own command (an
/// `!unsafe` string: Ansible never templates it); all the step's hosts run it at once, as apply runs
/// a step on its hosts in parallel. A command apply runs on another host (the API host checks a
/// compute's service row) is delegated there.
struct AnsibleTasks {
    let placement: ServicePlacement
    let platforms: PlatformSet
    let answerFile: String?
    /// Lookup variables seen so far: name → the host whose facts keep it.
    var variables: [(name: String, host: HostName)] = []
    var problems: [Diagnostic] = []

    init(placement: ServicePlacement, platforms: PlatformSet, answerFile: String?) {
        self.placement = placement; self.platforms = platforms; self.answerFile = answerFile
    }

    static let pad = "    "

    mutating func tasks(for step: Step) -> String {
        if step.action == .pause { return Self.pause(step) }
        if step.action.isConfigEdit { return configEdits(step) }
        let perHost = step.hosts.map { h -> (HostName, [RenderedCommand]) in
            var one = step
            one.hosts = [h]
            return (h, CommandRenderer.render(one, placement: placement, platforms: platforms))
        }
        if perHost.contains(where: { $0.1.contains { $0.script.contains("{{var:") } }) {
            problems.append(Diagnostic(id: "export.ansible.run-variable", severity: .error,
                                       summary: "step \(step.id) runs a command with a run variable ({{var:…}}), which the Ansible export does not carry yet",
                                       fix: "apply this plan with `upshift apply`", subject: .init(step: step.id)))
        }
        var out = ""
        let count = perHost.map(\.1.count).max() ?? 0
        for i in 0..<count {
            let at = perHost.compactMap { h, cs in i < cs.count ? (h, cs[i]) : nil }
            // Commands of one position share a policy unless the pack made them differ: one task per policy.
            var groups: [[(HostName, RenderedCommand)]] = []
            for entry in at {
                if let g = groups.firstIndex(where: { Self.samePolicy($0[0].1, entry.1) }) { groups[g].append(entry) } else { groups.append([entry]) }
            }
            for group in groups { out += command(step, group, position: count > 1 ? " (\(i + 1)/\(count))" : "") }
        }
        if step.action == .lookup { out += lookup(step) }
        return out
    }

    static func samePolicy(_ a: RenderedCommand, _ b: RenderedCommand) -> Bool {
        a.kind == b.kind && a.expect == b.expect && a.accept == b.accept && a.retryWhile == b.retryWhile
            && a.retryLimit == b.retryLimit && a.mustContain == b.mustContain
    }
}
