import Testing
import UpshiftModel
@testable import UpshiftPlanning
import UpshiftTestSupport

/// A second pack with another procedure (an API and a worker in virtualenvs, one database): the
/// worked example of docs/pack-format.md, planned and checked like the built-in one.
@Suite struct AcmePackTests {
    static let pack: Pack = try! PackLoader.load(text: Fixtures.text("examples/packs/acme-queue-3.1-3.2.yaml"), sourceName: "acme-queue-3.1-3.2.yaml")
    static let inventory: Inventory = try! InventoryLoader.load(text: Fixtures.text("examples/acme-4node.yaml"), sourceName: "acme-4node.yaml",
                                                                validator: InventoryValidator(pack: pack)).inventory

    static func plan(_ options: PlanOptions = PlanOptions(batchSize: 1, canary: 1)) -> Plan {
        Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: options,
                                 inventoryRef: InputRef(name: "acme-4node", sha256: "0123456789abcdef"),
                                 packRef: InputRef(name: pack.name, sha256: "fedcba9876543210")))
    }

    @Test func theLivePlanPassesTheCheckAndMatchesItsGoldens() {
        let plan = Self.plan()
        #expect(SafetyCheck.check(plan: plan, inventory: Self.inventory, pack: Self.pack, facts: nil).isEmpty)
        Golden.check(PlanText.render(plan, inventory: Self.inventory, pack: Self.pack, platforms: Fixtures.platforms, commands: false), "acme-live.txt")
        Golden.check(PlanCodec.encode(plan), "acme-live.json")
        Golden.check(PlanText.render(plan, inventory: Self.inventory, pack: Self.pack, platforms: Fixtures.platforms, commands: true), "acme-live-commands.txt")
    }

    @Test func itsPlanTextNamesNothingOfTheBuiltInPack() {
        let text = PlanText.render(Self.plan(), inventory: Self.inventory, pack: Self.pack, platforms: Fixtures.platforms, commands: true).lowercased()
        for word in ["nova", "neutron", "havana", "icehouse", "vif", "yum", "rpm", "controller", "compute"] {
            #expect(!text.contains(word), "\(word)")
        }
    }

    @Test func startingTheAPIOnTheNewCodeBeforeThePinBreaksTheOldWorkers() {
        var plan = Self.plan()
        let pin = plan.steps.firstIndex { $0.id == "acme/pin-workers@apis" }!
        let step = plan.steps.remove(at: pin)
        let start = plan.steps.firstIndex { $0.id == "acme/start@apis" }!
        plan.steps.insert(step, at: start + 1)
        let ds = SafetyCheck.check(plan: plan, inventory: Self.inventory, pack: Self.pack, facts: nil)
        #expect(ds.errors.map(\.id).contains("acme.unpinned-api"))
    }

    @Test func aSwitchWithoutARestartLeavesTheOldCodeRunning() {
        var plan = Self.plan()
        plan.steps.removeAll { $0.id == "acme/start@wrk-02" }
        plan.steps.removeAll { $0.id == "acme/stop@wrk-02" }
        let ds = SafetyCheck.check(plan: plan, inventory: Self.inventory, pack: Self.pack, facts: nil)
        #expect(ds.map(\.id).contains("plan.incomplete"))
    }
}
