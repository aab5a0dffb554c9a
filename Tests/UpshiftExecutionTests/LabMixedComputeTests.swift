import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab
import UpshiftTestSupport

/// §12 #1 in the lab: the live plan applied up to the canary, then the workload probe migrates
/// instances between the Icehouse canary and the Havana computes. The plan before the fix (no
/// `computes-pin` phase: Havana computes met the canary unpinned) leaves them stuck in RESIZE; the
/// current plan confirms them on the other compute.
@Suite("Migrations between Havana and Icehouse computes in the lab")
struct LabMixedComputeTests {
    struct Lab {
        let store: InMemoryLabStore, time: ManualTime, transport: LabTransport, inventory: Inventory, answers: String
        init(computes: Int = 3) {
            let state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: computes, timeFactor: 1))
            store = InMemoryLabStore(state)
            let (clock, time) = LabClock.manual()
            self.time = time
            transport = LabTransport(store: store, clock: clock)
            answers = LabBuilder.answerFile(state)
            inventory = LabBuilder.inventory(state, answerFile: "answers.txt")
        }
    }

    /// The plan's steps through `last` (a chain: each step waits for the one before), without `dropping`.
    static func prefix(_ plan: Plan, through last: PhaseID, dropping: PhaseID? = nil) -> Plan {
        var p = plan
        let end = p.steps.lastIndex { $0.phase == last }!
        p.steps = Array(p.steps[...end]).filter { $0.phase != dropping }
        for i in p.steps.indices { p.steps[i].after = i == 0 ? [] : [p.steps[i - 1].id] }
        p.phases.removeAll { $0.id == dropping }
        return p
    }

    /// Applies `plan` to the lab, then runs the probe with migrations for four minutes of lab time.
    static func applyThenProbe(_ lab: Lab, _ plan: Plan, pack: Pack) async throws -> ProbeReport {
        let performer = CloudFixture.labPerformer(lab.transport, inventory: lab.inventory, pack: pack, answers: lab.answers)
        let journal = InMemoryJournal()
        let summary = try await executor(journal, performer).apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        let bad = try journal.units(of: summary.run).filter { $0.state != .succeeded }
        #expect(summary.end == .completed, "\(bad.prefix(3).map { "\($0.unit) \($0.message ?? "")" })")
        var options = ProbeOptions(duration: .seconds(240))
        options.interval = .seconds(5)
        options.bootTimeout = .seconds(60)
        options.migrate = true
        let probe = try #require(WorkloadProbe(inventory: lab.inventory, transport: lab.transport, options: options,
                                               clock: ManualTimeClock(time: lab.time)))
        return await probe.run()
    }

    static func livePlan(_ inventory: Inventory) throws -> (Plan, Pack) {
        let pack = try CloudFixture.pack()
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 2, canary: 1),
                                            inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        return (plan, pack)
    }

    @Test("the previous plan (Havana computes never pinned) strands migrations to and from the canary", .timeLimit(.minutes(2)))
    func previousPlanStrandsMigrations() async throws {
        let lab = Lab()
        let (plan, pack) = try Self.livePlan(lab.inventory)
        let report = try await Self.applyThenProbe(lab, Self.prefix(plan, through: "computes-canary", dropping: "computes-pin"), pack: pack)
        #expect(report.boots.migrationsFailed >= 1, "\(report.text)")
        #expect(report.failures.contains { $0.message.contains("RESIZE") }, "\(report.text)")
        let stuck = try lab.store.read().instances.compactMap(\.migration?.stuck)
        #expect(stuck.isEmpty, "the probe deleted its stuck instances")
    }

    @Test("the current plan pins the Havana computes first: migrations across versions are confirmed", .timeLimit(.minutes(2)))
    func currentPlanMigratesAcrossVersions() async throws {
        let lab = Lab()
        let (plan, pack) = try Self.livePlan(lab.inventory)
        #expect(plan.phases.contains { $0.id == "computes-pin" })
        let report = try await Self.applyThenProbe(lab, Self.prefix(plan, through: "computes-canary"), pack: pack)
        #expect(report.clean, "\(report.text)")
        #expect(report.boots.migrated >= 2, "\(report.text)")
        let codes = try lab.store.read().hosts.compactMap { $0.daemons["openstack-nova-compute"]?.code }
        #expect(Set(codes) == ["havana", "icehouse"], "the probe ran while the computes were mixed")
    }
}
