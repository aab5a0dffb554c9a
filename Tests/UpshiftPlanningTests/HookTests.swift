import Testing
import UpshiftModel
@testable import UpshiftPlanning
import UpshiftTestSupport

/// The inventory's hooks: read with file:line diagnostics, placed into the plan as `hook` steps.
@Suite struct HookTests {
    static let hooksYAML = """

    hooks:
      - before: computes-canary
        host: ctl-01
        run: /usr/local/sbin/alerts silence --minutes 120
      - after: computes
        each_batch: true
        host: ctl-01
        run: "curl -fsS -X POST https://status.example/api/batch-done"
      - after: finalize
        host: net-01
        run: echo done
    """
    static let inventory: Inventory = {
        let text = Fixtures.text("examples/rdo-22.yaml") + hooksYAML + "\n"
        return try! InventoryLoader.load(text: text, sourceName: "rdo-22.yaml", validator: InventoryValidator(pack: Fixtures.pack)).inventory
    }()

    static func hooked() -> (Plan, [Diagnostic]) {
        let plan = Planner.plan(Fixtures.request(inventory, .live))
        return HookPlacement.insert((inventory.hooks ?? []).map { PlanHook(hook: $0, command: $0.run ?? "") }, into: plan)
    }

    @Test func hooksAreReadWithTheirLines() throws {
        let hooks = try #require(Self.inventory.hooks)
        #expect(hooks.map(\.phase) == ["computes-canary", "computes", "finalize"])
        #expect(hooks[1].eachBatch && hooks[1].when == .after && hooks[0].when == .before)
        let fileLines = Fixtures.text("examples/rdo-22.yaml").filter { $0 == "\n" }.count
        #expect(hooks[0].location == SourceLocation(file: "rdo-22.yaml", line: fileLines + 3, column: 5))
    }

    @Test func badHooksAreRefusedWithTheirLines() throws {
        let text = Fixtures.text("examples/rdo-22.yaml") + """

        hooks:
          - {before: computes, after: computes, host: ctl-01, run: x}
          - {before: computes, host: nowhere, run: x}
          - {before: computes, host: ctl-01}
        """
        let parsed = try InventoryParser.parse(text: text, sourceName: "i.yaml")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(parsed.diagnostics.map(\.id) == ["inventory.invalid-hook", "inventory.hook-unknown-host", "inventory.invalid-hook"])
        #expect(parsed.diagnostics.map { $0.subject.location?.line ?? 0 } == [lines - 2, lines - 1, lines])
    }

    @Test func hooksBecomeStepsThatPassTheCheckAndRenderAsWritten() {
        let (plan, problems) = Self.hooked()
        #expect(problems.isEmpty)
        #expect(!SafetyCheck.check(plan: plan, inventory: Self.inventory, pack: Fixtures.pack, facts: nil).hasErrors)
        let hooks = plan.steps.filter { $0.action == .hook }
        #expect(hooks.first?.id == "hooks/before-computes-canary@ctl-01")
        // Before the canary phase: its own phase, right before it; every canary step comes after it.
        let i = plan.steps.firstIndex { $0.id == "hooks/before-computes-canary@ctl-01" }!
        #expect(plan.steps[i + 1].phase == "computes-canary" && plan.steps[..<i].allSatisfy { $0.phase != "computes-canary" })
        #expect(plan.phases.map(\.id).firstIndex(of: "hooks-before-computes-canary")! + 1 == plan.phases.map(\.id).firstIndex(of: "computes-canary")!)
        // After each batch of computes: it waits for every step of its batch.
        let batches = Set(plan.steps.filter { $0.phase == "computes" && $0.action != .hook }.compactMap(\.batch))
        let perBatch = hooks.filter { $0.phase == "computes" }
        #expect(perBatch.count == batches.count)
        for h in perBatch {
            let members = plan.steps.filter { $0.phase == "computes" && $0.batch == h.batch && $0.action != .hook }.map(\.id)
            #expect(Set(h.after) == Set(members))
        }
        let place = ServicePlacement(inventory: Self.inventory, pack: Fixtures.pack)
        let rendered = CommandRenderer.render(hooks[0], placement: place, platforms: Fixtures.platforms)
        #expect(rendered.map(\.script) == ["/usr/local/sbin/alerts silence --minutes 120"] && rendered[0].host == "ctl-01")
        Golden.check(PlanText.render(plan, inventory: Self.inventory, pack: Fixtures.pack, platforms: Fixtures.platforms, commands: true),
                     "rdo22-live-hooks.txt")
    }

    @Test func aHookNamingAPhaseThePlanLacksIsRefusedAtItsLine() {
        let plan = Planner.plan(Fixtures.request(Self.inventory, .offline))
        let hook = Hook(when: .before, phase: "computes-canary", host: "ctl-01", run: "true", location: SourceLocation(file: "i.yaml", line: 7))
        let (_, problems) = HookPlacement.insert([PlanHook(hook: hook, command: "true")], into: plan)
        #expect(problems.map(\.id) == ["inventory.hook-unknown-phase"] && problems[0].subject.location?.line == 7)
        var each = hook; each.phase = "prepare"; each.eachBatch = true
        #expect(HookPlacement.insert([PlanHook(hook: each, command: "true")], into: plan).1.map(\.id) == ["inventory.hook-no-batches"])
    }
}
