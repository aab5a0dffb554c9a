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
        A run stopped in a rollback (an undo failed, Ctrl-C) continues the rollback instead: undos that succeeded are not run again. Succeeded steps are not run again. Failed and skipped steps run again. A step found running (upshift was killed) runs again if the plan marks it idempotent; otherwise it is first checked on the host and marked done or failed.

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
    @Option(name: .customLong("metrics-file"), help: ArgumentHelp("Keep this Prometheus text-format file current (as apply --metrics-file).", valueName: "file"))
    var metricsFile: String?
    @OptionGroup var inputs: InputOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var lock: CloudLockOptions
    @OptionGroup var notify: NotifyOptions
    @OptionGroup var window: WindowOptions

    func run() async throws {
        let journal = try state.openJournal(create: false)
        let latest: RunRecord?
        do { latest = try journal.latestRun() } catch { throw ExecuteErrors.map(error, journal: state.journalPath) }
        guard let last = latest else { throw ExecuteErrors.map(JournalRules.noRun) }
        if last.state == .completed {
            Console.err("run \(last.id) has completed; nothing to resume (see `upshift report`)")
            return
        }
        let loaded = try ExecuteInputs.load(plan: last.plan, planHash: last.planHash, options: inputs, remembered: RememberedInputs.read(state))
        try loaded.requireSecrets()
        let performer = try loaded.performer()
        if last.state.isRollingBack { return try await resumeRollback(last, journal: journal, loaded: loaded, performer: performer) }
        let notifier = notify.notifier(journal: journal)
        var wired = Executor(journal: journal, performer: performer,
                             sink: NotifyOptions.sink(ExecuteSession.withMetrics(metricsFile, plan: last.plan, resumed: try? ReportCommand.load(state),
                                        ExecuteSession.sink(json: output == .json, total: last.plan.steps.map { max(1, $0.hosts.count) }.reduce(0, +),
                                                            done: try journal.units(of: last.id).filter { $0.state == .succeeded }.count)), notifier),
                                confirmer: yes ? FixedConfirmer(true) : TerminalConfirmer(), interrupt: InterruptFlag(),
                                owner: ProcessFacts.owner, isAlive: ProcessFacts.isAlive)
        lock.wire(&wired, loaded, transport: performer.transport, state: state)
        try window.wire(&wired, pack: loaded.pack, journal: journal, current: last.id)
        let executor = wired
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
        do { summary = try await task.value } catch { await ExecuteSession.end(performer, notifier); throw ExecuteErrors.map(error, journal: state.journalPath) }
        await ExecuteSession.end(performer, notifier)
        try ExecuteErrors.finish(summary, state: state, json: output == .json)
    }

    /// The run is in a rollback that stopped part way: continue the rollback, not the upgrade.
    private func resumeRollback(_ run: RunRecord, journal: any Journal, loaded: ExecuteInputs, performer: TransportStepPerformer) async throws {
        let notifier = notify.notifier(journal: journal)
        var executor = Executor(journal: journal, performer: performer, sink: NotifyOptions.sink(ExecuteSession.sink(json: output == .json, total: 0), notifier),
                                interrupt: InterruptFlag(), owner: ProcessFacts.owner, isAlive: ProcessFacts.isAlive)
        lock.wire(&executor, loaded, transport: performer.transport, state: state)
        let started = try journal.events(of: run.id).last { $0.kind == .rollback && $0.detail?.hasPrefix("rollback of") == true }
        Console.err("run \(run.id) is \(run.state.rawValue): continuing the rollback")
        let result: RollbackResult
        do { result = try await RollbackCommand.undo(executor, to: nil, resuming: true) } catch {
            await ExecuteSession.end(performer, notifier); throw ExecuteErrors.map(error, journal: state.journalPath)
        }
        await ExecuteSession.end(performer, notifier)
        try RollbackCommand.finish(result, state: state, partial: started?.step != nil)
    }
}
