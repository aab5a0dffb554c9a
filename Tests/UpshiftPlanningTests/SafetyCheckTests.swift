import Testing
import UpshiftModel
@testable import UpshiftPlanning

@Suite struct SafetyCheckTests {
    let inv = Fixtures.inventory("examples/rdo-22.yaml")

    /// Every method with every value of the pack's `events` plan option.
    @Test(arguments: PlanMethod.allCases, Fixtures.pack.planOption("events")!.values)
    func everyPlannedMethodPassesTheCheck(method: PlanMethod, events: String) {
        let plan = Planner.plan(Fixtures.request(inv, method, PlanOptions(packOptions: ["events": events])))
        let ds = SafetyCheck.check(plan: plan, inventory: inv, pack: Fixtures.pack, facts: nil)
        #expect(!ds.hasErrors, "\(ds.errors.map(\.oneLine))")
    }

    @Test func computesMovedBeforeNeutronFailTheRules() {
        let plan = Planner.plan(Fixtures.request(inv, .live))
        var bad = plan
        let canary = plan.steps.filter { $0.phase == "computes-canary" }
        var rest = plan.steps.filter { $0.phase != "computes-canary" }
        let at = rest.firstIndex { $0.phase == "neutron" }!
        rest.insert(contentsOf: canary, at: at)
        bad.steps = rest
        let ds = SafetyCheck.check(plan: bad, inventory: inv, pack: Fixtures.pack, facts: nil)
        let ids = Set(ds.errors.map(\.id))
        #expect(ids.contains("plan.unsafe-order"))
        #expect(ids.contains("vif.hybrid-plug"), "\(ds.map(\.oneLine))")
    }
}
