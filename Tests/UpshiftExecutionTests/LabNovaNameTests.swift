import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// Issue 16 item 4: Nova registers a compute under its nova.conf `host=` or its hostname (an FQDN on
/// most RDO clouds), not under the inventory's label. The lab's computes here are `cmp-0N.lab.example`.
@Suite("Nova's own host names in the lab")
struct LabNovaNameTests {
    struct Lab {
        let store: InMemoryLabStore, transport: LabTransport, inventory: Inventory, answers: String, pack: Pack
        init() throws {
            var t = LabTopology(controllers: 1, networks: 1, computes: 3, timeFactor: 1)
            t.fqdnComputes = true
            let state = LabBuilder.makeState(t)
            store = InMemoryLabStore(state)
            let (clock, _) = LabClock.manual()
            transport = LabTransport(store: store, clock: clock)
            answers = LabBuilder.answerFile(state)
            inventory = LabBuilder.inventory(state, answerFile: "answers.txt")
            pack = try CloudFixture.pack()
        }

        func plan(facts: Facts?) -> Plan {
            Planner.plan(PlanRequest(inventory: inventory, pack: pack, facts: facts, method: .live, options: PlanOptions(batchSize: 2, canary: 1),
                                     inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        }

        func apply(_ plan: Plan) async throws -> (RunSummary, [UnitRecord]) {
            let performer = CloudFixture.labPerformer(transport, inventory: inventory, pack: pack, answers: answers)
            let journal = InMemoryJournal()
            let summary = try await executor(journal, performer).apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
            return (summary, try journal.units(of: summary.run))
        }
    }

    @Test("discovery learns the FQDN, or nova.conf's host= when set", .timeLimit(.minutes(1)))
    func discoveryLearnsNovaNames() async throws {
        let lab = try Lab()
        _ = try await lab.transport.run(RemoteCommand("openstack-config --set /etc/nova/nova.conf DEFAULT host compute-three"),
                                        on: HostTarget(lab.inventory.host("cmp-03")!))
        let facts = await Discovery(transport: lab.transport, pack: lab.pack, inventory: lab.inventory, platforms: CloudFixture.platforms).run(lab.inventory).facts
        let spec = try #require(lab.pack.serviceHost)
        let names = Dictionary(uniqueKeysWithValues: facts.hosts.map { ($0.host.rawValue, $0.serviceHost(spec)) })
        #expect(names["cmp-01"] == "cmp-01.lab.example")
        #expect(names["cmp-03"] == "compute-three")
        let plan = lab.plan(facts: facts)
        let disable = try #require(plan.steps.first { $0.action == .disableCompute })
        let commands = CommandRenderer.render(disable, inventory: lab.inventory, pack: lab.pack, platforms: CloudFixture.platforms).map(\.script)
        #expect(commands.contains { $0.hasSuffix("nova service-disable --reason upgrade cmp-01.lab.example nova-compute") }, "\(commands)")
    }

    @Test("the inventory's labels (the previous behaviour) fail at the canary, before anything irreversible; apply's drift check refuses them", .timeLimit(.minutes(2)))
    func labelsFailAtTheCanary() async throws {
        let lab = try Lab()
        // The previous plan: labels, and no computes-pin phase.
        let old = LabMixedComputeTests.prefix(lab.plan(facts: nil), through: "unpin", dropping: "computes-pin")
        let (summary, units) = try await lab.apply(old)
        guard case .failed(let failed, _) = summary.end else { Issue.record("expected a failed run, got \(summary.end)"); return }
        #expect(failed.map(\.step) == ["nova/disable-compute@batch-00"], "\(failed)")
        #expect(units.contains { $0.state == .failed && ($0.outputTail ?? "").contains("Unknown service") })
        // The current plan without facts stops in computes-pin, before the nova sync (the point of no return).
        let current = lab.plan(facts: nil)
        let lab2 = try Lab()
        let (s2, _) = try await lab2.apply(current)
        guard case .failed(let f2, _) = s2.end else { Issue.record("expected a failed run, got \(s2.end)"); return }
        let pnr = try #require(current.steps.firstIndex { $0.pointOfNoReturn })
        #expect(f2.allSatisfy { u in current.steps.firstIndex { $0.id == u.step }! < pnr }, "\(f2)")
        // And apply refuses that plan before running anything once discovery has the names.
        let facts = await Discovery(transport: lab2.transport, pack: lab2.pack, inventory: lab2.inventory, platforms: CloudFixture.platforms).run(lab2.inventory).facts
        let drift = FactsDrift.check(current, inventory: lab2.inventory, pack: lab2.pack, facts: facts)
        #expect(Set(drift.filter { $0.id == "apply.drift.service-host" }.flatMap(\.subject.hosts)) == ["cmp-01", "cmp-02", "cmp-03"])
    }

    @Test("a plan from discovered facts upgrades the FQDN-named computes", .timeLimit(.minutes(2)))
    func factsPlanCompletes() async throws {
        let lab = try Lab()
        let facts = await Discovery(transport: lab.transport, pack: lab.pack, inventory: lab.inventory, platforms: CloudFixture.platforms).run(lab.inventory).facts
        let plan = lab.plan(facts: facts)
        #expect(FactsDrift.check(plan, inventory: lab.inventory, pack: lab.pack, facts: facts).isEmpty)
        let (summary, units) = try await lab.apply(plan)
        let bad = units.filter { $0.state != .succeeded }
        #expect(summary.end == .completed, "\(bad.prefix(3).map { "\($0.unit) \($0.message ?? "")" })")
    }
}
