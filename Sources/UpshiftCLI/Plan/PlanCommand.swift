import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

extension PlanMethod: ExpressibleByArgument {}

enum PlanOutput: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

/// Options shared by `plan` and `check`.
struct CloudInputOptions: ParsableArguments {
    @Option(name: .long, help: "The inventory YAML file (docs/inventory.md).") var inventory: String
    @Option(name: .long, help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
    @Option(name: .long, help: "facts.json written by `upshift discover`.") var facts: String?
    @Option(name: .customLong("set"), help: "A pack setting, NAME=VALUE (see `upshift pack show`).") var settings: [String] = []
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the upgrade of an inventory with a method; the plan is safety-checked before it is shown or saved.",
        discussion: """
        Examples:
          upshift plan --inventory inventory.yaml --method live
          upshift plan --inventory inventory.yaml --method live -o plan.json
          upshift plan --inventory inventory.yaml --method offline --show-commands
          upshift plan --inventory inventory.yaml --compare
          upshift plan --inventory inventory.yaml --method service --option events=disable-neutron

        \(UpshiftExit.helpText)
        """)

    @OptionGroup var inputs: CloudInputOptions
    @Option(help: "offline | service | live") var method: PlanMethod = .live
    @Option(help: "text | json | markdown") var output: PlanOutput = .text
    @Option(name: .shortAndLong, help: "Save the plan (JSON) to this file for `upshift apply`.") var outputFile: String?
    @Flag(help: "Compare the three methods for this cloud.") var compare = false
    @Flag(help: "Show every step's exact shell commands per host.") var showCommands = false
    @Option(help: "Computes per batch after the canary.") var batchSize: Int = 5
    @Option(help: "Computes in the canary batch (0: none).") var canary: Int = 1
    @Flag(help: "Form compute batches within inventory groups.") var byGroup = false
    @Option(help: "Pause at the end of this phase (repeatable).") var pauseAfter: [String] = []
    @Flag(help: "Live only: update each compute's base OS packages while it is drained.") var osUpgrade = false
    @Option(name: .customLong("option"), help: "A plan option the pack declares, NAME=VALUE (repeatable; `upshift pack show` lists them).")
    var packOptions: [String] = []
    @Option(name: .customLong("state"), help: "--compare: forecast from the runs in this state directory's journal too, when it has some.")
    var stateDirectory: String = ".upshift"

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard canary >= 0 else { throw ValidationError("--canary must be 0 or more") }
        if osUpgrade && method != .live && !compare { throw ValidationError("--os-upgrade applies to the live method only") }
    }

    func run() async throws {
        let loaded = try PackLibrary.loadWithSource(inputs.pack)
        let inv = try Inputs.inventory(inputs.inventory, pack: loaded.pack)
        Console.report(inv.warnings)
        let facts = try Inputs.facts(inputs.facts, inventory: inv.inventory)
        let options = PlanOptions(batchSize: batchSize, canary: canary, byGroup: byGroup, pauseAfter: pauseAfter.map(PhaseID.init),
                                  osUpgrade: osUpgrade, packOptions: try Inputs.packOptions(packOptions, pack: loaded.pack),
                                  settings: try Inputs.settings(inputs.settings, pack: loaded.pack))
        let request = PlanRequest(inventory: inv.inventory, pack: loaded.pack, facts: facts, method: method, options: options,
                                  inventoryRef: inv.ref, packRef: loaded.ref)
        if !compare, !loaded.pack.offers(method) {
            throw CLIFailure("pack \(loaded.pack.name) has no \(method.rawValue) method; it offers: \(loaded.pack.offeredMethods.map(\.rawValue).joined(separator: ", "))",
                             id: "plan.method-not-offered", code: UpshiftExit.usage)
        }
        if compare {
            let rows = Compare.compare(request, history: try history())
            Console.out(output == .json ? JSONOut.encode(rows) : Compare.text(rows))
            return
        }
        var (hooked, hookProblems) = HookPlacement.insert(try HookFiles.resolve(inv.inventory, inventoryPath: inputs.inventory), into: Planner.plan(request))
        if !hookProblems.isEmpty { throw CLIFailure(hookProblems, code: UpshiftExit.invalidInput) }
        let platformFiles = inv.loadedPlatforms.filter { $0.path != nil }.map { InputHash.ref(name: $0.platform.name, text: $0.text) }
        hooked.platforms = platformFiles.isEmpty ? nil : platformFiles
        let plan = hooked
        let unknownPauses = plan.options.pauseAfter.filter { p in !plan.phases.contains { $0.id == p } }
        if !unknownPauses.isEmpty {
            throw CLIFailure("--pause-after names no phase of this plan: \(unknownPauses.map(\.rawValue).joined(separator: ", ")) (phases: \(plan.phases.map(\.id.rawValue).joined(separator: ", ")))", id: "cli.pause-after", code: UpshiftExit.usage)
        }
        // The plan is immutable: encode it on the other core while the platform and safety checks run.
        let encoding = Task { outputFile == nil && output != .json ? "" : PlanCodec.encode(plan) }
        let missing = PlatformCheck.problems(plan, inventory: inv.inventory, pack: loaded.pack, platforms: inv.platforms)
        if !missing.isEmpty { throw CLIFailure(missing, code: UpshiftExit.invalidInput) }
        let findings = SafetyCheck.check(plan: plan, inventory: inv.inventory, pack: loaded.pack, facts: facts)
        let encoded = await encoding.value
        Console.report(findings)
        if findings.hasErrors {
            throw CLIFailure([Diagnostic(id: "plan.rejected", severity: .error,
                summary: "the \(method.rawValue) plan fails the safety check for this cloud; nothing was saved",
                fix: "fix the findings above, or compare methods with --compare")], code: UpshiftExit.checkFailed)
        }
        if let outputFile {
            try OutputFile.write(encoded + (outputFile == "-" ? "\n" : ""), to: outputFile)
            Console.err("saved \(plan.steps.count) steps to \(outputFile == "-" ? "standard output" : outputFile)")
            if outputFile == "-" { return }  // the saved plan is the output
        }
        switch output {
        case .json: if outputFile == nil || showCommands { Console.out(encoded) }
        case .markdown: Console.out(PlanText.markdown(plan))
        case .text: Console.out(PlanText.render(plan, inventory: inv.inventory, pack: loaded.pack, platforms: inv.platforms, commands: showCommands))
        }
    }

    /// Mean durations measured in the state directory's journal (none when it has no journal).
    private func history() throws -> [String: Double] {
        let state = try StateOptions.parse(["--state", stateDirectory])
        guard FileManager.default.fileExists(atPath: state.journalPath) else { return [:] }
        return JournalHistory.durations(try JournalHistory.runs(of: try state.openJournal(create: false)))
    }
}
