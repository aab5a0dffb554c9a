import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab
import UpshiftJournalSQLite

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
        let performer = CloudFixture.labPerformer(transport, inventory: inventory, pack: pack, answers: answers)
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
        let performer = CloudFixture.labPerformer(transport, inventory: inventory, pack: pack, answers: answers)
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
