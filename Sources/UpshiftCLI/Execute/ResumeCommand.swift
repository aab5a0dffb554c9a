import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel

/// `upshift resume`: continues the latest run exactly where the journal says.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue the latest run where the journal says, after anything.",
        discussion: """
        Succeeded steps are not run again. Failed and skipped steps run again. A step found running (upshift was killed) runs again if the plan marks it idempotent; otherwise it is first checked on the host and marked done or failed.

        Examples:
          upshift resume
          upshift resume --state /var/lib/upshift --yes

        \(UpshiftExit.helpText)
        """)

    @Flag(help: "Cross the point of no return without asking.") var yes = false
    @Option(help: "Change how many hosts run steps at once (default: as apply had it).") var parallel: Int?
    @Option(help: "Change the failure budget, N or P% (default: as apply had it).") var maxFailures: String?

    func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if let maxFailures, FailureBudget(parsing: maxFailures) == nil { throw ValidationError("--max-failures takes N or P% (0-100%), not '\(maxFailures)'") }
    }
    @Option(help: "text or json (JSON lines of events on stdout)") var output: TextOrJSON = .text
    @OptionGroup var inputs: InputOptions
    @OptionGroup var state: StateOptions

    func run() async throws {
        let journal = try state.openJournal(create: false)
        guard let last = try journal.latestRun() else { throw ExecuteErrors.map(JournalRules.noRun) }
        if last.state == .completed {
            Console.err("run \(last.id) has completed; nothing to resume (see `upshift report`)")
            return
        }
        let loaded = try ExecuteInputs.load(plan: last.plan, planHash: last.planHash, options: inputs, remembered: RememberedInputs.read(state))
        try loaded.requireSecrets()
        let performer = try loaded.performer()
        let executor = Executor(journal: journal, performer: performer,
                                sink: ExecuteSession.sink(json: output == .json, total: last.plan.steps.map { max(1, $0.hosts.count) }.reduce(0, +),
                                                          done: try journal.units(of: last.id).filter { $0.state == .succeeded }.count),
                                confirmer: yes ? FixedConfirmer(true) : TerminalConfirmer(), interrupt: InterruptFlag(),
                                owner: ProcessFacts.owner, isAlive: ProcessFacts.isAlive)
        let parallel = self.parallel, budget = maxFailures.flatMap(FailureBudget.init(parsing:))
        let task = Task {
            try await executor.resume { options in
                if let parallel { options.parallel = parallel }
                if let budget { options.maxFailures = budget }
            }
        }
        ExecuteSession.interruptLetsStepsFinish(executor.interrupt) { task.cancel() }
        defer { ExecuteSession.interruptIgnored() }
        let summary: RunSummary
        do { summary = try await task.value } catch { await performer.transport.shutdown(); throw ExecuteErrors.map(error, journal: state.journalPath) }
        await performer.transport.shutdown()
        try ExecuteErrors.finish(summary, state: state, json: output == .json)
    }
}
