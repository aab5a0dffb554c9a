import Foundation
import UpshiftModel
import UpshiftPlanning

/// The real performer: runs a step's rendered commands on the host through a `HostTransport`,
/// reads lookups into run variables, checks versions, polls health, and hands config edits to
/// the config editor. Output tails are redacted before they leave this type.
public struct TransportStepPerformer: StepPerformer {
    public var inventory: Inventory
    public var pack: Pack
    public var transport: any HostTransport
    public var renderer: any StepRendering
    public var configEditor: (any ConfigEditPerforming)?
    public var secrets: SecretStore
    public var clock: ExecutionClock
    /// Time between two tries of a polled command.
    public var pollInterval: Duration

    public init(inventory: Inventory, pack: Pack, transport: any HostTransport, renderer: any StepRendering,
                configEditor: (any ConfigEditPerforming)?, secrets: SecretStore, clock: ExecutionClock = .system,
                pollInterval: Duration = .seconds(2)) {
        self.inventory = inventory; self.pack = pack; self.transport = transport; self.renderer = renderer
        self.configEditor = configEditor; self.secrets = secrets; self.clock = clock; self.pollInterval = pollInterval
    }

    public func perform(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
        Self.interruptedIfCancelled(await performOnce(step, on: host, context: context), step: step, host: host)
    }

    /// A command stopped by cancellation (the second Ctrl-C kills the running ssh) failed only because
    /// it was stopped: it is recorded `interrupted`, so the run ends interrupted and `resume` runs or
    /// verifies it again. A command that finished in spite of it keeps its outcome.
    static func interruptedIfCancelled(_ outcome: StepOutcome, step: Step, host: HostName) -> StepOutcome {
        guard Task.isCancelled, outcome.status == .failed else { return outcome }
        return StepOutcome(.interrupted, exitStatus: outcome.exitStatus, outputTail: outcome.outputTail,
                           message: "stopped by a second Ctrl-C while \(step.id) ran on \(host); whether it took effect is unknown (\(outcome.message ?? "no result"))")
    }

    private func performOnce(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
        if step.action == .pause { return StepOutcome(.succeeded, message: "pause") }
        if step.action.isConfigEdit {
            guard let editor = configEditor else {
                return StepOutcome(.failed, message: "\(step.action.rawValue) needs the config editor, which this build does not have")
            }
            guard let target = inventory.host(host) else { return unknownHost(host) }
            return await editor.perform(step, on: HostTarget(target), transport: transport, context: context, secrets: secrets)
        }
        let scripts = renderer.render(step, for: host)
        var last: CommandResult?
        var kills: [String] = []
        for (index, script) in scripts.enumerated() {
            let (command, done) = detachedIfPossible(script, step: step, unit: host, index: index, context: context)
            var result = await run(command, step: step, context: context, display: script.script)
            if let done { await acknowledge(done, result, on: command.host) }
            // A bounded stop that timed out (124): the daemon is killed, and the kill recorded.
            if case .failure(let f) = result, f.outcome.exitStatus == 124, let kill = script.killAfterTimeout {
                result = await run(RenderedCommand(host: script.host, script: kill.script), step: step, context: context, display: kill.script)
                if case .success = result { kills.append("\(kill.daemon) did not stop within \(kill.seconds) s: killed (\(summary(kill.script)))") }
            }
            switch result {
            case .failure(let f): return Self.named(f.outcome, step, host)
            case .success(let r): last = r
            }
        }
        var outcome = check(step, on: host, last: last)
        if !kills.isEmpty { outcome.message = kills.joined(separator: "; ") }
        return outcome
    }

    /// A failed health wait says first which daemons on which host did not become healthy (its
    /// command may run on another host: the API host asks the service list).
    static func named(_ outcome: StepOutcome, _ step: Step, _ host: HostName) -> StepOutcome {
        guard step.action == .waitHealthy, outcome.status == .failed, let ds = step.params.daemons, !ds.isEmpty else { return outcome }
        var o = outcome
        o.message = "\(ds.map(\.rawValue).joined(separator: ", ")) on \(host) did not become healthy: \(outcome.message ?? "no result")"
        return o
    }

    /// A command that runs once (not a poll or a read), wrapped by its host's platform `run-detached`
    /// when it has one, under a key naming this run, unit and command: the same command of the same
    /// unit, sent again by `resume` after upshift was killed, attaches to the first run.
    func detachedIfPossible(_ script: RenderedCommand, step: Step, unit host: HostName, index: Int, context: PerformContext) -> (RenderedCommand, done: String?) {
        guard case .run = script.kind else { return (script, nil) }
        let raw = "r\(context.run)-\(Int(context.runStartedAt.timeIntervalSince1970))-\(step.id.rawValue)-\(host.rawValue)-\(index)"
        let key = String(raw.unicodeScalars.map { s -> Character in
            ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "-" || s == "." ? Character(s) : "_"
        })
        guard let wrapped = renderer.detached(script.script, key: key, on: script.host) else { return (script, nil) }
        var out = script
        out.script = wrapped.run
        return (out, wrapped.done)
    }

    /// Once a detached command's result is here (it ran and exited, whatever its status), removes
    /// what the host kept of it, so a later attempt of the unit runs anew. A result that never
    /// arrived (the connection broke, a Ctrl-C) stays for the resume that attaches to it.
    func acknowledge(_ done: String, _ result: Result<CommandResult, StepOutcomeFailure>, on host: HostName) async {
        switch result {
        case .success: break
        case .failure(let f): guard f.outcome.exitStatus != nil, f.outcome.status != .interrupted else { return }
        }
        guard let target = inventory.host(host) else { return }
        _ = try? await transport.run(RemoteCommand(done, timeout: .seconds(30)), on: HostTarget(target))
    }

    /// What to conclude from the last command's output for actions that read it.
    func check(_ step: Step, on host: HostName, last: CommandResult?) -> StepOutcome {
        let out = last?.stdoutText ?? ""
        let tail = tail(of: last)
        switch step.action {
        case .lookup:
            guard let name = step.params.variable, let field = step.params.field else {
                return StepOutcome(.failed, message: "lookup \(step.id) names no variable or field")
            }
            guard let value = Self.tableValue(field, in: out) else {
                return StepOutcome(.failed, outputTail: tail, message: "no `| \(field) | ... |` row in the output of \(step.id) on \(host)")
            }
            return StepOutcome(.succeeded, exitStatus: 0, message: "\(name) looked up", variables: [name: value])
        case .verifyVersion:
            let want = step.params.version ?? ""
            let got = out.trimmingCharacters(in: .whitespacesAndNewlines)
            guard got.hasPrefix(want), !want.isEmpty else {
                return StepOutcome(.failed, exitStatus: 0, outputTail: tail,
                                   message: "\(host) has \(step.params.package ?? "the package") \(got.isEmpty ? "(none)" : got), expected \(want)*")
            }
            return StepOutcome(.succeeded, exitStatus: 0, message: "\(step.params.package ?? "package") \(got)")
        default:
            return StepOutcome(.succeeded, exitStatus: last?.exitStatus, outputTail: tail)
        }
    }

    /// The value of `| field | value |` in a CLI table (first match).
    static func tableValue(_ field: String, in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 2, cells[0] == field, !cells[1].isEmpty { return cells[1] }
        }
        return nil
    }

    func tail(of result: CommandResult?, lines: Int = 20) -> String? {
        guard let result else { return nil }
        let text = (result.stdoutText + result.stderrText).split(whereSeparator: \.isNewline).suffix(lines).joined(separator: "\n")
        return text.isEmpty ? nil : secrets.redact(text)
    }

    func unknownHost(_ host: HostName) -> StepOutcome {
        StepOutcome(.failed, message: "host \(host) is not in the inventory")
    }
}
