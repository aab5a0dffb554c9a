import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel

/// `upshift rollback [--to STEP] [--dry-run] [--yes]`: undoes reversible steps, newest first.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo the latest run's reversible steps, newest first.",
        discussion: """
        Shows every unit it will undo, in order, with the commands, and asks before it runs anything (without a terminal it refuses, exit 3, unless --yes). --dry-run shows the same and stops. Refuses (exit 3) before anything runs to go back past the point of no return (a database schema sync), or when what an undo needs is gone (the database dump it restores, the old release's repository), and says why. Every undo is journaled like a step; if one fails, the run is rollback-failed and `upshift resume` continues the rollback from it. With --to STEP, undoes only the steps after STEP; once that rollback is done, `upshift resume` runs them again.

        Examples:
          upshift rollback --dry-run
          upshift rollback --to nova/stop@ctl-01 --yes

        \(UpshiftExit.helpText)
        """)
    @Option(help: "Undo only the steps after this one.") var to: String?
    @Flag(help: "Show what would be undone, in order, with the commands, and run nothing.") var dryRun = false
    @Flag(help: "Undo without asking.") var yes = false
    @Option(help: "text or json (JSON lines of events on stdout; with --dry-run, the undo list as JSON)") var output: TextOrJSON = .text
    @OptionGroup var inputs: InputOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var lock: CloudLockOptions
    @OptionGroup var notify: NotifyOptions

    func run() async throws {
        let journal = try state.openJournal(create: false)
        guard let last = try journal.latestRun() else { throw ExecuteErrors.map(JournalRules.noRun) }
        let target = to.map(StepID.init)
        let loaded = try ExecuteInputs.load(plan: last.plan, planHash: last.planHash, options: inputs, remembered: RememberedInputs.read(state))
        let platforms = HostPlatforms(inventory: loaded.inventory, platforms: loaded.platformSet)
        do { _ = try RollbackPlanner.plan(last, units: try journal.units(of: last.id), to: target, platforms: platforms) } catch {
            throw ExecuteErrors.map(error)
        }
        let performer = try loaded.performer()
        let notifier = dryRun ? nil : notify.notifier(journal: journal)
        var executor = Executor(journal: journal, performer: performer, sink: NotifyOptions.sink(ExecuteSession.sink(json: output == .json, total: 0), notifier),
                                interrupt: InterruptFlag(), owner: ProcessFacts.owner, isAlive: ProcessFacts.isAlive)
        lock.wire(&executor, loaded, transport: performer.transport, state: state)
        executor.hostPlatforms = platforms
        let result: RollbackResult
        do {
            let items = try await executor.previewRollback(to: target)
            let text = RollbackText.render(run: last.id, target: target, items: items, renderer: performer.renderer)
            if dryRun {
                Console.out(output == .json ? JSONOut.encode(items) : text)
                await performer.transport.shutdown(); return
            }
            Console.err(text)
            guard try Self.confirmed(yes: yes, count: items.count) else { await ExecuteSession.end(performer, notifier); return }
            result = try await Self.undo(executor, to: target)
        } catch { await ExecuteSession.end(performer, notifier); throw ExecuteErrors.map(error) }
        await ExecuteSession.end(performer, notifier)
        try Self.finish(result, state: state, partial: target != nil)
    }

    /// `--yes`, or a `y` on the terminal; without a terminal, refused (exit 3).
    static func confirmed(yes: Bool, count: Int) throws -> Bool {
        if yes || count == 0 { return true }
        guard isatty(0) == 1 else {
            throw CLIFailure("there is no terminal to confirm the rollback: look at it with --dry-run, then re-run with --yes",
                             id: "rollback.not-confirmed", code: UpshiftExit.refused)
        }
        Console.err("Undo these \(count) units? [y/N] ")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { Console.err("not confirmed: nothing was undone"); return false }
        return true
    }

    /// Runs the rollback (or `resume`s one) with Ctrl-C stopping between undos.
    static func undo(_ executor: Executor, to target: StepID?, resuming: Bool = false) async throws -> RollbackResult {
        let task = Task { resuming ? try await executor.resumeRollback() : try await executor.rollback(to: target) }
        ExecuteSession.interruptLetsStepsFinish(executor.interrupt) { task.cancel() }
        defer { ExecuteSession.interruptIgnored() }
        return try await task.value
    }

    /// What happened, what state the run is in, and what to do next; exit 1 when an undo failed or Ctrl-C stopped it.
    static func finish(_ result: RollbackResult, state: StateOptions, partial: Bool) throws {
        let resume = state.directory == ".upshift" ? "upshift resume" : "upshift resume --state \(state.directory)"
        if let (item, outcome) = result.failed {
            throw CLIFailure("undoing \(item.original) failed: \(outcome.message ?? "exit \(outcome.exitStatus.map(String.init) ?? "?")"); "
                             + "\(result.undone.count) units rolled back, \(result.left) undos left. Fix the cause, then `\(resume)` continues the rollback",
                             id: "rollback.failed")
        }
        if result.interrupted {
            throw CLIFailure("interrupted: \(result.undone.count) units rolled back, \(result.left) undos left; `\(resume)` continues the rollback",
                             id: "rollback.interrupted")
        }
        Console.err("[upshift] \(result.undone.count) units rolled back" + (partial ? "; `\(resume)` runs them again" : ""))
    }
}
