import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab
import UpshiftJournalSQLite

/// A naive editor for the lab runs until the lossless `RemoteConfigEditor` lands: reads the file
/// with `cat`, sets or removes `key = value` lines in their section, writes it back through the
/// file protocol (stdin) and reads it again to verify. `migrate-config` is left to the real editor.
struct NaiveFileProtocolEditor: ConfigEditPerforming {
    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext, secrets: SecretStore) async -> StepOutcome {
        guard let file = step.params.file else { return StepOutcome(.failed, message: "no file") }
        if step.action == .migrateConfig { return StepOutcome(.succeeded, message: "migration left to the lossless editor") }
        do {
            let read = try await transport.run(RemoteCommand("cat \(ShellQuote.quote(file))"), on: host)
            guard read.succeeded else { return StepOutcome(.failed, exitStatus: read.exitStatus, message: "cannot read \(file)") }
            var text = read.stdoutText
            for o in step.params.options ?? [] {
                text = Self.remove(text, section: o.option.section, key: o.option.key)
                if step.action == .setOption || step.action == .pinRPC {
                    var value = o.value
                    for (k, v) in context.variables { value = value.replacingOccurrences(of: "{{var:\(k)}}", with: v) }
                    value = try secrets.resolve(value)
                    text = Self.add(text, section: o.option.section, line: "\(o.option.key) = \(value)")
                }
            }
            let stamp = RollbackPlanner.stamp(context.runStartedAt)
            let write = try await transport.run(RemoteCommand(CommandRenderer.writeScript(path: file, stamp: stamp), stdin: Array(text.utf8)), on: host)
            guard write.succeeded else { return StepOutcome(.failed, exitStatus: write.exitStatus, message: "cannot write \(file)") }
            let check = try await transport.run(RemoteCommand("cat \(ShellQuote.quote(file))"), on: host)
            return check.stdoutText == text ? StepOutcome(.succeeded, exitStatus: 0) : StepOutcome(.failed, message: "\(file) differs after writing")
        } catch {
            return StepOutcome(.failed, message: "\(error)")
        }
    }

    static func lines(_ text: String) -> [String] {
        var l = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    static func remove(_ text: String, section: String, key: String) -> String {
        var current = "DEFAULT", out: [String] = []
        for line in lines(text) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("["), t.hasSuffix("]") { current = String(t.dropFirst().dropLast()) }
            if current == section, let eq = t.firstIndex(of: "="), t[..<eq].trimmingCharacters(in: .whitespaces) == key { continue }
            out.append(line)
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func add(_ text: String, section: String, line: String) -> String {
        var l = lines(text)
        if let i = l.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[\(section)]" }) { l.insert(line, at: i + 1) } else { l += ["[\(section)]", line] }
        return l.joined(separator: "\n") + "\n"
    }
}

@Suite("Apply against the in-process lab")
struct LabRunTests {
    static func lab(computes: Int) -> (LabTransport, InMemoryLabStore, Inventory, String) {
        let state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: computes, timeFactor: 1))
        let store = InMemoryLabStore(state)
        let (clock, _) = LabClock.manual()
        let answers = LabBuilder.answerFile(state)
        return (LabTransport(store: store, clock: clock), store, LabBuilder.inventory(state, answerFile: "answers.txt"), answers)
    }

    @Test("a live plan upgrades the lab to Icehouse everywhere", .timeLimit(.minutes(2)))
    func liveUpgrade() async throws {
        let (transport, store, inventory, answers) = Self.lab(computes: 3)
        let pack = try CloudFixture.pack()
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 2, canary: 1),
                                            inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        #expect(!SafetyCheck.check(plan: plan, inventory: inventory, pack: pack, facts: nil).hasErrors)
        let performer = TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                                               renderer: PlanCommandRendering(inventory: inventory, pack: pack),
                                               configEditor: NaiveFileProtocolEditor(),
                                               secrets: SecretStore(environment: [:], answerFile: answers),
                                               clock: SteppingClock().clock, pollInterval: .milliseconds(1))
        let journal = InMemoryJournal()
        let summary = try await executor(journal, performer).apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        let bad = try journal.units(of: summary.run).filter { $0.state != .succeeded }
        #expect(summary.end == .completed, "\(bad.prefix(4).map { "\($0.unit) \($0.state.rawValue): \($0.message ?? "") \($0.outputTail ?? "")" })")
        let report = RunReport(run: try journal.latestRun()!, units: try journal.units(of: summary.run), events: [])
        let havana = try store.read().hosts.flatMap { h in h.packages.filter { $0.value.hasPrefix("2013.2") }.map { "\(h.name) \($0.key) \($0.value)" } }
        #expect(havana.isEmpty, "the lab still has Havana packages: \(havana.prefix(5))")
        #expect(try store.read().databases["nova"] == "233", "nova's schema is at the Icehouse head")
        #expect(try store.read().secretLeaks.isEmpty, "no secret ever reached a command line")
        #expect(report.versions.values.allSatisfy { $0.values.allSatisfy { $0 == "icehouse" || $0.hasPrefix("2014.1") } }, "\(report.versions)")
    }

    static func live(_ inventory: Inventory) throws -> (Plan, Pack) {
        let pack = try CloudFixture.pack()
        return (Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 2, canary: 1),
                                         inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y"))), pack)
    }

    @Test("injected faults stop at a recorded state with an exact message; after clearing them, resume finishes",
          .timeLimit(.minutes(2)), arguments: [LabFault.Kind.unreachable, .commandFails])
    func faultThenResume(kind: LabFault.Kind) async throws {
        let (transport, store, inventory, answers) = Self.lab(computes: 3)
        let (plan, pack) = try Self.live(inventory)
        try store.update { (s: inout LabState) throws(LabError) in
            s.faults.append(LabFault(host: "cmp-02", kind: kind, match: kind == .commandFails ? "yum -d1 -y upgrade" : nil))
        }
        let performer = TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                                               renderer: PlanCommandRendering(inventory: inventory, pack: pack), configEditor: NaiveFileProtocolEditor(),
                                               secrets: SecretStore(environment: [:], answerFile: answers), clock: SteppingClock().clock,
                                               pollInterval: .milliseconds(1))
        let journal = InMemoryJournal()
        let first = try await executor(journal, performer).apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        guard case .failed(let failed, true) = first.end else { Issue.record("expected a halted run, got \(first.end)"); return }
        #expect(failed.allSatisfy { $0.host == "cmp-02" })
        let message = try journal.units(of: first.run).first { $0.state == .failed }?.message ?? ""
        #expect(message.contains("cmp-02"), "\(message)")
        try store.update { (s: inout LabState) throws(LabError) in s.faults = [] }
        let second = try await executor(journal, performer).resume()
        let bad = try journal.units(of: second.run).filter { $0.state != .succeeded }
        #expect(second.end == .completed, "\(bad.prefix(3).map { "\($0.unit) \($0.message ?? "")" })")
        #expect(try store.read().hosts.allSatisfy { h in !h.packages.values.contains { $0.hasPrefix("2013.2") } })
    }
}

@Suite("Killed mid-run against the in-process lab")
struct LabCrashTests {
    /// What an operator compares: per host its packages and daemon states and code, the schemas, disabled services.
    static func cloud(_ s: LabState) -> [String] {
        s.hosts.flatMap { h in
            h.packages.sorted { $0.key < $1.key }.map { "\(h.name) pkg \($0.key)=\($0.value)" }
                + h.daemons.sorted { $0.key < $1.key }.map { "\(h.name) daemon \($0.key) \($0.value.state) \($0.value.enabled) \($0.value.codeVersion ?? "-")" }
        } + s.databases.sorted { $0.key < $1.key }.map { "db \($0.key)=\($0.value)" } + s.disabledServices.keys.sorted().map { "disabled \($0)" }
    }

    static func performer(_ transport: LabTransport, _ inventory: Inventory, _ pack: Pack, _ answers: String) -> TransportStepPerformer {
        TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                               renderer: PlanCommandRendering(inventory: inventory, pack: pack), configEditor: NaiveFileProtocolEditor(),
                               secrets: SecretStore(environment: [:], answerFile: answers), clock: SteppingClock().clock, pollInterval: .milliseconds(1))
    }

    @Test("killed mid-schema-sync, mid-batch or early: resume from the reopened journal ends in the same cloud as an uninterrupted run",
          .timeLimit(.minutes(2)), arguments: ["nova/db-sync", "batch-01", "early"])
    func killAndResume(point: String) async throws {
        let (refTransport, refStore, inventory, answers) = LabRunTests.lab(computes: 3)
        let (plan, pack) = try LabRunTests.live(inventory)
        let options = RunOptions(parallel: 4, assumeYes: true)
        _ = try await executor(InMemoryJournal(), Self.performer(refTransport, inventory, pack, answers)).apply(plan, planHash: "h", options: options)

        let (transport, store, _, _) = LabRunTests.lab(computes: 3)
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        let crashUnit = plan.steps.first { $0.id.rawValue.contains(point) && !$0.hosts.isEmpty }.map { UnitKey(step: $0.id, host: $0.hosts.last!) }
        #expect(crashUnit != nil || point == "early", "no step matches \(point)")
        let sqlite = try SQLiteJournal(path: path)
        let dying = crashUnit.map { CrashingJournal(sqlite, crashAtOutcomeOf: $0) } ?? CrashingJournal(sqlite, crashAtOutcome: 4)
        await #expect(throws: SimulatedCrash.self) {
            _ = try await executor(dying, Self.performer(transport, inventory, pack, answers), pid: 4242).apply(plan, planHash: "h", options: options)
        }
        let resumed = try await executor(try SQLiteJournal(path: path), Self.performer(transport, inventory, pack, answers), pid: 4343).resume()
        #expect(resumed.end == .completed)
        #expect(try store.read().databases["nova"] == "233")
        #expect(Self.cloud(try store.read()) == Self.cloud(try refStore.read()))
    }
}
