import UpshiftModel

/// Rendering of the step kinds that pack format 2 added: the command comes from the pack (a
/// pack is code that runs as root), the step kind says how its result is judged.
extension CommandRenderer {
    /// The step's accepted exit statuses and "run again while rc = N, at most K runs".
    static func exitPolicy(_ command: RenderedCommand, _ p: StepParams) -> RenderedCommand {
        var c = command
        c.accept = p.accept ?? [0]
        c.retryWhile = p.retryWhile
        c.retryLimit = max(1, p.retryLimit ?? 1)
        return c
    }

    static func procedureCommands(_ step: Step, host: Host, place: ServicePlacement, platform: PlatformScripts) -> [RenderedCommand] {
        let p = step.params
        func command(_ script: String) -> RenderedCommand { exitPolicy(RenderedCommand(host: host.name, script: script), p) }
        // As the step's user through the host platform's run-as.
        func asUser(_ script: String) -> String {
            guard let user = p.user else { return script }
            return platform.one(.runAs, ["user": .word(user), "command": .word(script)])
        }
        let code: [String: CommandTemplate.Value] = ["service": .word(step.service?.rawValue ?? ""), "release": .word(place.pack.to.rawValue)]
        switch step.action {
        case .installCode where p.command == nil:
            // Without a command of its own, the platform's package-install of the step's packages.
            return platform.all(.packageInstall, code.merging(["packages": .words(p.packages ?? [])]) { $1 }).map(command)
        case .switchCode where p.command == nil:
            return platform.all(.codeSwitch, code).map(command)
        case .installCode, .switchCode, .check:
            guard let script = p.command else { return [] }
            return [command(asUser(script))]
        case .reload:
            // The platform's service-reload (a signal), or the pack's own way for these daemons.
            let ds = daemonsOn(step, host, place)
            guard !ds.isEmpty else { return [] }
            if let script = p.command { return [command(asUser(script))] }
            return [command(serviceChain("reload", ds, platform))]
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
