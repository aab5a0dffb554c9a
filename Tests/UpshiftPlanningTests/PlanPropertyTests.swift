import PropertyBased
import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// Properties over random clouds: the planner's plans pass the safety check, and moving any step
/// before a step it depends on makes the check fail.
@Suite struct PlanPropertyTests {
    /// A random cloud and plan options built from a few integers (so failures shrink to small cases).
    static func scenario(_ shape: Int, _ computes: Int, _ knobs: Int, _ events: Int) -> PlanRequest {
        let controllers = 1 + shape % 3, network = (shape / 3) % 3, groups = 1 + (shape / 9) % 4
        let mixedOS = (knobs / 64) % 2 == 1
        var inv = Fixtures.generated(controllers: controllers, network: network, computes: max(1, computes), groups: groups)
        if mixedOS { for i in inv.hosts.indices where i % 2 == 1 { inv.hosts[i].os = .el7 } }
        let method = PlanMethod.allCases[knobs % 3]
        let options = PlanOptions(batchSize: 1 + (knobs / 3) % 7, canary: (knobs / 21) % 3, byGroup: (knobs / 63) % 2 == 1,
                                  packOptions: ["events": Fixtures.pack.planOption("events")!.values[events % 3]],
                                  settings: ["pinned_api_blocks_events": events / 3 % 2 == 0 ? "true" : "false"])
        return Fixtures.request(inv, method, options)
    }

    static let inputs = (Gen.int(in: 0...35), Gen.int(in: 1...24), Gen.int(in: 0...127), Gen.int(in: 0...5))

    @Test func everyPlanPassesTheSafetyCheckOrFailsOnlyItsPreflight() async {
        await propertyCheck(count: 60, input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Self.inputs.3) { a, b, c, d in
            let r = Self.scenario(a, b, c, d)
            let plan = Planner.plan(r)
            let ds = SafetyCheck.check(plan: plan, inventory: r.inventory, pack: r.pack, facts: nil)
            let preflightIDs = Set(r.pack.preflight.map(\.id))
            #expect(ds.errors.allSatisfy { preflightIDs.contains($0.id) }, "\(ds.errors.map(\.oneLine))")
            if Set(r.inventory.hosts.map(\.os)).count == 1 {
                #expect(!ds.hasErrors, "\(ds.errors.map(\.oneLine))")
            }
        }
    }

    @Test func movingAStepBeforeOneItMustFollowFailsTheCheck() async {
        await propertyCheck(count: 60, input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Gen.int(in: 0...10_000)) { a, b, c, pick in
            var r = Self.scenario(a, b, c, 0)
            for i in r.inventory.hosts.indices { r.inventory.hosts[i].os = .el6 }
            guard let (bad, moved, dep) = Planner.plan(r).movingAStepBeforeItsDependency(pick: pick) else { return }
            let ds = SafetyCheck.check(plan: bad, inventory: r.inventory, pack: r.pack, facts: nil)
            #expect(ds.hasErrors, "moving \(moved) before \(dep) was not caught")
        }
    }
}
