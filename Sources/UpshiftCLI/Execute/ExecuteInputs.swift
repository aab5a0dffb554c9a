import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// `--inventory` / `--pack` overrides: by default the inventory and pack the plan names.
struct InputOptions: ParsableArguments {
    @Option(help: "Inventory file (default: the one the plan was made from).") var inventory: String?
    @Option(help: "Pack name or file (default: the one the plan was made from).") var pack: String?
}

/// A saved plan with the inventory and pack it must still match.
struct ExecuteInputs {
    var plan: Plan
    var planHash: String
    var inventory: Inventory
    var pack: Pack
    var packText: String
    var answerFile: String?

    /// Reads a plan file; malformed JSON is invalid input naming the file.
    static func readPlan(_ path: String) throws -> (Plan, String) {
        let text = try InputFiles.readText(path)
        do { return (try JSONDecoder().decode(Plan.self, from: Data(text.utf8)), InputHash.sha256(text)) } catch {
            throw CLIFailure("not a valid Upshift plan: \(error)", id: "plan.invalid", code: UpshiftExit.invalidInput, file: path)
        }
    }

    /// Loads the inventory and pack and refuses (exit 3) when either changed since the plan was made.
    static func load(plan: Plan, planHash: String, options: InputOptions) throws -> ExecuteInputs {
        let invPath = options.inventory ?? plan.inventory.name
        let invText = try InputFiles.readText(invPath)
        let inventory: Inventory?
        do { inventory = try YAMLDocument(text: invText, sourceName: invPath).decode(Inventory.self) } catch { inventory = nil }
        let loaded = try PackLibrary.loadWithSource(options.pack ?? plan.pack.name)
        let drift = DriftCheck.check(plan, against: DriftInputs(inventoryText: invText, inventory: inventory,
                                                                packText: loaded.text, pack: loaded.pack))
        if !drift.isEmpty { throw CLIFailure(drift, code: UpshiftExit.refused) }
        guard let inventory else {
            _ = try YAMLDocument(text: invText, sourceName: invPath).decode(Inventory.self)
            throw CLIFailure("cannot read the inventory", id: "inventory.invalid", code: UpshiftExit.invalidInput, file: invPath)
        }
        var answers: String?
        if let file = inventory.secrets?.answerFile { answers = try InputFiles.readText(file) }
        return ExecuteInputs(plan: plan, planHash: planHash, inventory: inventory, pack: loaded.pack, packText: loaded.text, answerFile: answers)
    }

    /// The real performer over the wired transport.
    func performer() throws -> TransportStepPerformer {
        TransportStepPerformer(inventory: inventory, pack: pack, transport: try ExecuteWiring.transport(for: inventory),
                               renderer: PlanCommandRendering(inventory: inventory, pack: pack),
                               configEditor: ExecuteWiring.configEditor(),
                               secrets: SecretStore(environment: ProcessInfo.processInfo.environment, answerFile: answerFile))
    }
}

/// Sinks, the confirmer and Ctrl-C for a command that runs units.
enum ExecuteSession {
    static func sink(json: Bool, total: Int) -> any EventSink {
        if json { return JSONLinesEventSink { FileHandle.standardOutput.write(Data($0.utf8)) } }
        return ConsoleEventSink(total: total, live: Console.stderrIsTTY) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// First Ctrl-C: start nothing new and let running commands finish. Second: cancel them (recorded interrupted).
    static func installInterrupt(_ flag: InterruptFlag, cancel: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let presses = InterruptFlag()
        source.setEventHandler {
            if presses.isRequested { cancel(); return }
            presses.request(); flag.request()
            Console.err("\nCtrl-C: letting running steps finish (Ctrl-C again to stop them now)...")
        }
        source.resume()
        return source
    }
}

/// Asks on the terminal before the point of no return; without a terminal the answer is no.
struct TerminalConfirmer: Confirmer {
    func confirm(_ step: Step, plan: Plan) async -> Bool {
        guard isatty(0) == 1 else {
            Console.err("[\(step.id)] is the point of no return and there is no terminal to confirm it: re-run with --yes")
            return false
        }
        Console.err("""
            [\(step.id)] is the point of no return: \(step.why ?? "")
              after it, going back means: \(step.rollback ?? "restoring the database backup by hand")
            Cross it? [y/N] 
            """)
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
