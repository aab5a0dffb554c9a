import Foundation
import UpshiftModel
import UpshiftPlanning

extension TransportStepPerformer {
    /// Runs one rendered command (once, or polled until it succeeds or times out).
    /// `display` is what messages quote (the command before a `run-detached` wrapper), by default the script.
    func run(_ script: RenderedCommand, step: Step, context: PerformContext, display: String? = nil) async -> Result<CommandResult, StepOutcomeFailure> {
        guard let target = inventory.host(script.host) else { return .failure(.init(unknownHost(script.host))) }
        let text: String
        switch Self.substitute(script.script, variables: context.variables) {
        case .success(let t): text = t
        case .failure(let e): return .failure(.init(StepOutcome(.failed, message: "\(step.id) on \(script.host): \(e.message)")))
        }
        if text.contains("{{secret:") {
            return .failure(.init(StepOutcome(.failed, message: "\(step.id): a secret would reach a command line; secrets only travel through config edits")))
        }
        let quoted = display.flatMap { try? Self.substitute($0, variables: context.variables).get() } ?? text
        let deadline: Date? = if case .poll(let t) = script.kind { clock.now().addingTimeInterval(Self.seconds(t)) } else { nil }
        var runs = 0
        while true {
            if Task.isCancelled { return .failure(.init(StepOutcome(.interrupted, message: "interrupted before `\(summary(quoted))` finished"))) }
            do {
                // A polled check gets a short per-try timeout: a hung try must not outlast the wait itself.
                let perTry: Duration = deadline == nil ? Self.timeout(for: step.action) : .seconds(60)
                let result = try await transport.run(RemoteCommand(text, timeout: perTry), on: HostTarget(target))
                runs += 1
                // "Run again while rc = N" (online data migrations: 1 = more to do), at most retryLimit runs.
                if result.signal == nil, let again = script.retryWhile, result.exitStatus == again, runs < script.retryLimit { continue }
                if Self.accepted(script, result), Self.holds(script, result.stdoutText) { return .success(result) }
                if let deadline, clock.now() < deadline {
                    try? await clock.sleep(pollInterval); continue
                }
                let shown = Self.accepted(script, result) ? mismatch(script, result.stdoutText) : nil
                let why = result.signal.map { "was killed by SIG\($0)" } ?? shown ?? "exited \(result.exitStatus)"
                let waited = if case .poll(let t) = script.kind { " (still failing when the wait timed out after \(Int(Self.seconds(t))) s)" } else { "" }
                return .failure(.init(StepOutcome(.failed, exitStatus: result.exitStatus, outputTail: tail(of: result),
                                                  message: "`\(summary(quoted))` \(why) on \(script.host)\(waited)")))
            } catch {
                if let deadline, clock.now() < deadline, error.code != .authenticationFailed, error.code != .hostKeyMismatch, error.code != .hostKeyUnknown {
                    try? await clock.sleep(pollInterval); continue
                }
                return .failure(.init(StepOutcome(.failed, message: secrets.redact(error.description))))
            }
        }
    }

    /// Why an accepted exit status still failed: the output lacks `mustContain`, or (a poll) no line
    /// holds `expect`; the last line it printed is quoted, redacted and shortened.
    func mismatch(_ script: RenderedCommand, _ output: String) -> String? {
        if let must = script.mustContain, !output.contains(must) { return "did not show `\(must)`" }
        guard case .poll = script.kind, let expect = script.expect else { return nil }
        let last = output.split(whereSeparator: \.isNewline).last.map { secrets.redact(String($0)).trimmingCharacters(in: .whitespaces) } ?? ""
        let shown = last.count > 80 ? String(last.prefix(77)) + "..." : last
        return last.isEmpty ? "printed nothing, not `\(expect)`" : "printed `\(shown)`, not `\(expect)`"
    }

    /// How long one command of an action may take: package work and schema syncs can take long on
    /// real hosts; everything else gets the transport's default.
    static func timeout(for action: StepAction) -> Duration {
        switch action {
        case .upgradePackages, .downloadPackages, .installPackages, .osUpgrade, .syncSchema, .backupDatabase: .seconds(3600)
        default: .seconds(600)
        }
    }

    /// A command's first line, redacted, shortened: what messages quote.
    func summary(_ script: String) -> String {
        let first = script.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let red = secrets.redact(first)
        return red.count > 120 ? String(red.prefix(117)) + "..." : red
    }

    /// Whether the exit status is one the command accepts (0 unless the step says otherwise).
    static func accepted(_ command: RenderedCommand, _ result: CommandResult) -> Bool {
        result.signal == nil && command.accept.contains(result.exitStatus)
    }

    /// For a polled command with `expect` (`nova service-list` exits 0 whatever the state): some
    /// line of the output must hold every word of `expect` as one of its words, words being split
    /// at `|` and blanks: a table row (`| enabled | up |`) and a plain line (`up 68`) both count.
    static func holds(_ command: RenderedCommand, _ output: String) -> Bool {
        if let must = command.mustContain, !output.contains(must) { return false }
        guard case .poll = command.kind, let expect = command.expect else { return true }
        let words = expect.split(separator: " ").map(String.init)
        return output.split(whereSeparator: \.isNewline).contains { line in
            let cells = line.split { $0 == "|" || $0 == " " || $0 == "\t" }.map(String.init)
            return words.allSatisfy(cells.contains)
        }
    }

    /// Replaces `{{var:NAME}}` with the run variable, which must be a plain shell word.
    static func substitute(_ script: String, variables: [String: String]) -> Result<String, SubstitutionError> {
        var out = script
        while let open = out.range(of: "{{var:"), let close = out.range(of: "}}", range: open.upperBound..<out.endIndex) {
            let name = String(out[open.upperBound..<close.lowerBound])
            guard let value = variables[name] else {
                return .failure(SubstitutionError(message: "run variable \(name) is not set (its lookup step has not run)"))
            }
            guard ShellQuote.quote(value) == value else {
                return .failure(SubstitutionError(message: "run variable \(name) is not a plain word"))
            }
            out.replaceSubrange(open.lowerBound..<close.upperBound, with: value)
        }
        return .success(out)
    }

    static func seconds(_ d: Duration) -> TimeInterval {
        let c = d.components
        return TimeInterval(c.seconds) + TimeInterval(c.attoseconds) / 1e18
    }
}

/// A failed outcome carried through `Result`.
public struct StepOutcomeFailure: Error, Sendable {
    public var outcome: StepOutcome
    init(_ outcome: StepOutcome) { self.outcome = outcome }
}

/// A `{{var:NAME}}` that cannot be filled in.
public struct SubstitutionError: Error, Sendable { public var message: String }
