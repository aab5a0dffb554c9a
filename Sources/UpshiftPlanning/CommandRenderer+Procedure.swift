import UpshiftModel

/// Rendering of the step kinds that pack format 2 added: the command comes from the pack (a
/// pack is code that runs as root), the step kind says how its result is judged.
extension CommandRenderer {
    static func procedureCommands(_ step: Step, host: Host, place: ServicePlacement) -> [RenderedCommand] {
        let p = step.params
        func command(_ script: String) -> RenderedCommand {
            var c = RenderedCommand(host: host.name, script: script)
            c.accept = p.accept ?? [0]
            c.retryWhile = p.retryWhile
            c.retryLimit = max(1, p.retryLimit ?? 1)
            return c
        }
        func asUser(_ script: String) -> String {
            guard let user = p.user else { return script }
            return "runuser -s /bin/sh \(q(user)) -c \(q(script))"
        }
        switch step.action {
        case .installCode, .switchCode, .check:
            guard let script = p.command else { return [] }
            return [command(asUser(script))]
        case .reload:
            let ds = daemonsOn(step, host, place)
            guard !ds.isEmpty else { return [] }
            return [command(ds.map { initCommand("reload", $0, host.os) }.joined(separator: " && "))]
        case .verifyQuery, .workload:
            // One command per target, run on the step's host (an API host); `{target}` is the target host.
            guard let script = p.command else { return [] }
            return (p.targets ?? []).map { t in
                var c = command(asUser(script.replacingOccurrences(of: "{target}", with: q(t.rawValue))))
                if step.action == .verifyQuery { c.kind = .capture; c.mustContain = p.expect; c.expect = p.expect }
                return c
            }
        default:
            return []
        }
    }
}
