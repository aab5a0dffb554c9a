import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel

/// `upshift rollback [--to STEP]`: undoes reversible steps, newest first.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo the latest run's reversible steps, newest first.",
        discussion: """
        Refuses (exit 3) to go back past the point of no return (a database schema sync) and says why. With --to STEP, undoes only the steps after STEP; `upshift resume` then runs them again.

        Examples:
          upshift rollback
          upshift rollback --to nova/stop@ctl-01

        \(UpshiftExit.helpText)
        """)
    @Option(help: "Undo only the steps after this one.") var to: String?
    @Option(help: "text or json (JSON lines of events on stdout)") var output: TextOrJSON = .text
    @OptionGroup var inputs: InputOptions
    @OptionGroup var state: StateOptions

    func run() async throws {
        let journal = try state.openJournal(create: false)
        guard let last = try journal.latestRun() else { throw ExecuteErrors.map(JournalRules.noRun) }
        do { _ = try RollbackPlanner.plan(last, units: try journal.units(of: last.id), to: to.map(StepID.init)) } catch {
            throw ExecuteErrors.map(error)
        }
        let loaded = try ExecuteInputs.load(plan: last.plan, planHash: last.planHash, options: inputs, remembered: RememberedInputs.read(state))
        let performer = try loaded.performer()
        let executor = Executor(journal: journal, performer: performer, sink: ExecuteSession.sink(json: output == .json, total: 0),
                                owner: ProcessFacts.owner, isAlive: ProcessFacts.isAlive)
        let result: (undone: [UndoItem], failed: (UndoItem, StepOutcome)?)
        do { result = try await executor.rollback(to: to.map(StepID.init)) } catch { await performer.transport.shutdown(); throw ExecuteErrors.map(error) }
        await performer.transport.shutdown()
        Console.err("[upshift] \(result.undone.count) steps rolled back" + (result.failed == nil ? "; `upshift resume` runs them again" : ""))
        if let (item, outcome) = result.failed {
            throw CLIFailure("undoing \(item.original) failed: \(outcome.message ?? "")", id: "rollback.failed")
        }
    }
}
