import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// `upshift apply PLAN`: executes exactly a saved plan with a durable journal.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Execute a saved plan, journaling every step on every host.",
        discussion: """
        Refuses (exit 3) when the inventory or pack changed since the plan was made, when the hosts contradict the plan (discovered before a new run starts: unreachable, another base OS, packages already upgraded; --facts FILE uses facts from `upshift discover` instead), when another upshift holds the state directory, or when an unfinished run exists (use `upshift resume`). The journal is DIR/journal.sqlite (--state DIR, default .upshift/). Ctrl-C lets running steps finish, then exits with a resume hint (during the pre-run discovery it stops at once: exit 130, nothing run).

        Examples:
          upshift apply plan.json
          upshift apply plan.json --parallel 20 --max-failures 10% --pause-after nova-controllers
          upshift apply plan.json --yes --output json
          upshift apply plan.json --dry-run

        \(UpshiftExit.helpText)
        """)

    @Argument(help: "The plan file written by `upshift plan -o`.") var plan: String
    @Option(help: "Steps run on at most this many hosts at once.") var parallel: Int = 10
    @Option(help: "Stop starting new work once more than N hosts (or P% of the batched hosts) failed.") var maxFailures: String = "0"
    @Option(help: "Stop after this phase until `upshift resume` (repeatable).") var pauseAfter: [String] = []
    @Flag(help: "Cross the point of no return without asking.") var yes = false
    @Flag(help: "Print the commands each step would run, and run nothing.") var dryRun = false
    @Option(help: "text or json (JSON lines of events on stdout)") var output: TextOrJSON = .text
    @Option(name: .customLong("metrics-file"), help: ArgumentHelp("Keep this Prometheus text-format file current (units by state, phase, run state, seconds per step kind), for node_exporter's textfile collector.", valueName: "file"))
    var metricsFile: String?
    @Option(help: "Facts from `upshift discover` to check the hosts against (default: discover them now).") var facts: String?
    @Flag(name: .customLong("no-discover"), help: "Do not check the hosts before a new run (not recommended).") var noDiscover = false
    /// Benchmarking only (hidden): `memory` keeps the journal in memory to measure the SQLite journal's cost; such a run cannot be resumed.
    @Option(name: .customLong("journal"), help: .hidden) var journalKind: JournalKind = .sqlite
    @OptionGroup var inputs: InputOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var lock: CloudLockOptions
    @OptionGroup var notify: NotifyOptions
    @OptionGroup var window: WindowOptions

    /// Where `apply` records the run: the durable SQLite journal, or (benchmarks only) memory.
    enum JournalKind: String, ExpressibleByArgument, CaseIterable { case sqlite, memory }

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        guard FailureBudget(parsing: maxFailures) != nil else { throw ValidationError("--max-failures takes N or P% (0-100%), not '\(maxFailures)'") }
    }

    func run() async throws {
        let (plan, hash) = try ExecuteInputs.readPlan(self.plan)
        let unknown = pauseAfter.filter { p in !plan.steps.contains { $0.phase.rawValue == p } }
        if !unknown.isEmpty {
            throw CLIFailure("--pause-after names no phase of the plan: \(unknown.joined(separator: ", ")) (phases: \(plan.phases.map(\.id.rawValue).joined(separator: ", ")))",
                             id: "apply.unknown-phase", code: UpshiftExit.usage)
        }
        let loaded = try ExecuteInputs.load(plan: plan, planHash: hash, options: inputs)
        let findings = SafetyCheck.check(plan: plan, inventory: loaded.inventory, pack: loaded.pack, facts: nil)
        if findings.hasErrors {
            throw CLIFailure(findings.filter { $0.severity == .error }.map { d in
                var d = d; if d.subject.location == nil { d.subject.location = SourceLocation(file: self.plan) }; return d
            }, code: UpshiftExit.checkFailed)
        }
        if dryRun { return printDryRun(loaded) }
        try loaded.requireSecrets()
        let performer = try loaded.performer()
        if journalKind == .memory {
            Console.err("--journal memory: nothing is recorded on disk; this run cannot be resumed, rolled back or reported (benchmarking only)")
        }
        let journal: any Journal = journalKind == .memory ? InMemoryJournal() : try state.openJournal(create: true)
        let last = try journal.latestRun()
        if let last, last.planHash == hash, last.state == .completed {
            Console.err("this plan was already applied completely in run \(last.id); nothing to do (see `upshift report`)")
            return
        }
        let startsNewRun = last.map { [.completed, .rolledBack].contains($0.state) } ?? true
        if startsNewRun, journalKind == .sqlite, let cloud = CloudLockOptions.lock(loaded, transport: performer.transport, state: state) {
            do { try await cloud.refuseIfHeld(breakLock: lock.breakLock) } catch { await performer.transport.shutdown(); throw ExecuteErrors.map(error) }
        }
        if startsNewRun { try await checkHosts(loaded, transport: performer.transport) }
        // Only when a new run can start: a refused apply must not change what a running one uses.
        if journalKind == .sqlite, startsNewRun {
            try RememberedInputs(applying: inputs, inventory: try ExecuteInputs.inventoryPath(plan: plan, options: inputs)).write(state)
        }
        let options = RunOptions(parallel: parallel, maxFailures: FailureBudget(parsing: maxFailures)!,
                                 pauseAfter: pauseAfter.map(PhaseID.init), assumeYes: yes)
        let notifier = notify.notifier(journal: journal)
        var wired = Executor(journal: journal, performer: performer,
                                sink: NotifyOptions.sink(ExecuteSession.withMetrics(metricsFile, plan: plan, resumed: nil,
                                                                  ExecuteSession.sink(json: output == .json, total: plan.steps.map { max(1, $0.hosts.count) }.reduce(0, +))), notifier),
                                confirmer: TerminalConfirmer(), interrupt: InterruptFlag(), owner: ProcessFacts.owner, isAlive: ProcessFacts.isAlive)
        if journalKind == .sqlite { lock.wire(&wired, loaded, transport: performer.transport, state: state) }
        try window.wire(&wired, pack: loaded.pack, journal: journal, current: nil)
        let executor = wired
        let task = Task { try await executor.apply(plan, planHash: hash, options: options) }
        ExecuteSession.interruptLetsStepsFinish(executor.interrupt) { task.cancel() }
        defer { ExecuteSession.interruptIgnored() }
        let summary: RunSummary
        do { summary = try await task.value } catch {
            await ExecuteSession.end(performer, notifier)
            throw ExecuteErrors.map(error, journal: journalKind == .sqlite ? state.journalPath : nil)
        }
        await ExecuteSession.end(performer, notifier)
        if journalKind == .memory, summary.end != .completed {
            throw CLIFailure("run \(summary.run) did not complete (\(summary.end)); --journal memory kept no record, so it cannot be resumed", id: "apply.memory-journal")
        }
        try ExecuteErrors.finish(summary, state: state, json: output == .json || journalKind == .memory)
    }

    /// Before a new run: the hosts as they are (discovered now, or `--facts`) must match what the
    /// plan assumes, and the plan must pass the safety check with those facts; else exit 3.
    private func checkHosts(_ loaded: ExecuteInputs, transport: any HostTransport) async throws {
        if noDiscover { Console.err("warning: --no-discover: the hosts are not checked against the plan"); return }
        let facts: Facts
        if let path = self.facts, let f = try Inputs.facts(path, inventory: loaded.inventory) { facts = f } else {
            Console.err("checking \(loaded.inventory.hosts.count) hosts against the plan (discovery; --facts FILE to use saved facts)")
            // Nothing has run yet: a Ctrl-C here stops the reads at once (their ssh commands are
            // cancelled) and ends with nothing recorded, instead of killing upshift mid-read.
            let discovery = Task {
                await Discovery(transport: transport, pack: loaded.pack, inventory: loaded.inventory, platforms: loaded.platformSet, parallel: parallel).run(loaded.inventory).facts
            }
            ExecuteSession.interruptStopsNow { discovery.cancel() }
            facts = await discovery.value
            ExecuteSession.interruptIgnored()
            if discovery.isCancelled {
                await transport.shutdown()
                throw CLIFailure("interrupted (Ctrl-C) while checking the hosts before the run: discovery only reads, so nothing was run on any host and no run was recorded",
                                 id: "apply.interrupted-discovery", code: UpshiftExit.interruptedBeforeRun)
            }
        }
        var problems = FactsDrift.check(loaded.plan, inventory: loaded.inventory, pack: loaded.pack, facts: facts)
        problems += SafetyCheck.check(plan: loaded.plan, inventory: loaded.inventory, pack: loaded.pack, facts: facts).filter { $0.severity == .error }
        if !problems.isEmpty {
            await transport.shutdown()
            throw CLIFailure(problems + [Diagnostic(id: "apply.drift.facts", severity: .error,
                summary: "the hosts do not match what the plan assumes: nothing was run",
                fix: "fix the hosts or the inventory, then `upshift plan` again (or `upshift check --facts` to see the findings)")],
                code: UpshiftExit.refused)
        }
    }

    private func printDryRun(_ inputs: ExecuteInputs) {
        for step in inputs.plan.steps {
            Console.out("[\(step.id)] \(step.action.rawValue)\(step.pointOfNoReturn ? " (point of no return)" : "")")
            for c in CommandRenderer.render(step, inventory: inputs.inventory, pack: inputs.pack, platforms: inputs.platformSet) {
                Console.out("  \(c.host): \(c.script)" + (c.note.map { "   # \($0)" } ?? ""))
            }
        }
    }
}
