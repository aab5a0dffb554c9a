import Testing
import UpshiftModel
@testable import UpshiftPlanning
import UpshiftTestSupport

/// The rendered plans of the example clouds, compared with stored golden files.
@Suite struct PlanGoldenTests {
    static let threeNode = Fixtures.inventory("examples/packstack-3node.yaml")
    static let lab22 = Fixtures.inventory("examples/rdo-22.yaml")

    func render(_ inv: Inventory, _ m: PlanMethod, commands: Bool = false) -> (text: String, json: String, diagnostics: [Diagnostic]) {
        let plan = Planner.plan(Fixtures.request(inv, m))
        let ds = SafetyCheck.check(plan: plan, inventory: inv, pack: Fixtures.pack, facts: nil)
        return (PlanText.render(plan, inventory: inv, pack: Fixtures.pack, platforms: Fixtures.platforms, commands: commands), PlanCodec.encode(plan), ds)
    }

    @Test(arguments: [PlanMethod.offline, .service])
    func threeNodePlans(method: PlanMethod) {
        let r = render(Self.threeNode, method)
        #expect(!r.diagnostics.hasErrors)
        Golden.check(r.text, "3node-\(method.rawValue).txt")
        Golden.check(r.json, "3node-\(method.rawValue).json")
    }

    @Test func threeNodeLiveIsRejectedBecauseTheControllerAlsoRunsACompute() {
        let r = render(Self.threeNode, .live)
        #expect(r.diagnostics.errors.map(\.id) == ["live.all-in-one"])
        Golden.check(r.diagnostics.map(\.oneLine).joined(separator: "\n"), "3node-live.diagnostics.txt")
        Golden.check(r.text, "3node-live.txt")
        Golden.check(r.json, "3node-live.json")
    }

    @Test func labCloudLivePlan() {
        let r = render(Self.lab22, .live)
        #expect(!r.diagnostics.hasErrors)
        Golden.check(r.text, "rdo22-live.txt")
        Golden.check(r.json, "rdo22-live.json")
    }

    @Test func labCloudLiveCommands() {
        let r = render(Self.lab22, .live, commands: true)
        Golden.check(r.text, "rdo22-live-commands.txt")
    }

    @Test func markdownForChangeTickets() {
        let plan = Planner.plan(Fixtures.request(Self.lab22, .live))
        Golden.check(PlanText.markdown(plan), "rdo22-live.md")
    }
}
