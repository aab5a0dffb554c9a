import ArgumentParser
import UpshiftModel
import UpshiftPlanning

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Pre-flight an inventory (and discovered facts), or re-check a saved plan step by step.",
        discussion: """
        Without --plan: validates the inventory and runs each method's pre-flight rules (or only --method's).
        With --plan: re-checks a saved (possibly hand-edited) plan against the inventory and pack.
        Examples:
          upshift check --inventory inventory.yaml
          upshift check --inventory inventory.yaml --facts facts.json --method live
          upshift check --inventory inventory.yaml --plan plan.json --output json

        \(UpshiftExit.helpText)
        """)

    @OptionGroup var inputs: CloudInputOptions
    @Option(help: "A saved plan to re-check.") var plan: String?
    @Option(help: "Only this method's pre-flight (without --plan).") var method: PlanMethod?
    @Option(help: "text | json") var output: TextOrJSON = .text

    static func readPlan(_ path: String) -> Result<Plan, CLIFailure> {
        do {
            // Plans of very large clouds exceed the 20 MB limit meant for config files.
            let text = try InputFiles.readText(path, maxBytes: 1 << 30)
            do { return .success(try PlanCodec.decode(text, sourceName: path)) } catch { return .failure(CLIFailure.invalid(error)) }
        } catch { return .failure(error) }
    }

    struct Report: Encodable {
        var ok: Bool
        var checked: String
        var diagnostics: [Diagnostic]
    }

    func run() async throws {
        // Read and decode the plan on the other core while the pack and inventory are read; its
        // errors are still reported only after theirs, as when the steps ran one after the other.
        let planPath = plan
        let decoding = Task { () -> Result<Plan, CLIFailure>? in
            guard let planPath else { return nil }
            return Self.readPlan(planPath)
        }
        let loaded = try PackLibrary.loadWithSource(inputs.pack)
        let inv = try Inputs.inventory(inputs.inventory, pack: loaded.pack)
        let facts = try Inputs.facts(inputs.facts, inventory: inv.inventory)
        var findings = inv.warnings
        var checked: String
        if let plan, let decoded = await decoding.value {
            let p = try decoded.get()
            if p.pack.name != loaded.pack.name {
                findings.append(Diagnostic(id: "plan.pack-mismatch", severity: .error,
                    summary: "the plan was made with pack '\(p.pack.name)', not '\(loaded.pack.name)'", fix: "pass --pack \(p.pack.name)",
                    subject: .init(location: .init(file: plan))))
            }
            findings += SafetyCheck.check(plan: p, inventory: inv.inventory, pack: loaded.pack, facts: facts)
                .map { d in var d = d; if d.subject.location == nil { d.subject.location = .init(file: plan) }; return d }
            checked = "plan \(plan) (\(p.method.rawValue), \(p.steps.count) steps)"
        } else {
            let settings = try Inputs.settings(inputs.settings, pack: loaded.pack)
            let methods = method.map { [$0] } ?? PlanMethod.allCases
            for m in methods {
                findings += SafetyCheck.preflight(inventory: inv.inventory, pack: loaded.pack, facts: facts, method: m, settings: settings)
            }
            if facts == nil {
                findings.append(Diagnostic(id: "check.no-facts", severity: .info,
                    summary: "no facts given: package versions, database versions and config values were not checked",
                    fix: "run `upshift discover --inventory \(inputs.inventory) -o facts.json` and pass --facts facts.json"))
            }
            checked = "inventory \(inputs.inventory) for \(methods.map(\.rawValue).joined(separator: ", "))"
        }
        let ok = !findings.hasErrors
        if output == .json {
            Console.out(JSONOut.encode(Report(ok: ok, checked: checked, diagnostics: findings)))
        } else {
            if !findings.isEmpty { Console.out(Console.render(findings, color: Console.stdoutIsTTY)) }
            Console.out(ok ? "ok: \(checked): no blocking findings" : "FAILED: \(checked): \(findings.errors.count) blocking finding(s)")
        }
        if !ok { throw ExitCode(UpshiftExit.checkFailed) }
    }
}
