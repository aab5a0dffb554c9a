import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// Hook steps run like every step: in their place in the order, journaled with their output.
@Suite struct HookRunTests {
    @Test func hooksRunInTheirPlaceAndTheirOutputIsJournaled() async throws {
        let (plain, pack) = try CloudFixture.plan(.live)
        let hooks = [
            PlanHook(hook: Hook(when: .before, phase: "computes-canary", host: "ctl-01", run: "x"), command: "notify canary-starts"),
            PlanHook(hook: Hook(when: .after, phase: "computes", eachBatch: true, host: "net-01", run: "x"), command: "notify batch-done"),
        ]
        let (plan, problems) = HookPlacement.insert(hooks, into: plain)
        #expect(problems.isEmpty)
        let transport = RecordingTransport()
        transport.answers["notify"] = CommandResult(exitStatus: 0, stdout: Array("notified the pager\n".utf8))
        let journal = InMemoryJournal()
        let summary = try await executor(journal, CloudFixture.performer(transport, pack: pack))
            .apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        #expect(summary.end == .completed)
        let units = try journal.units(of: summary.run)
        let hookUnits = units.filter { $0.unit.step.rawValue.hasPrefix("hooks/") }
        #expect(hookUnits.count == plan.steps.filter { $0.action == .hook }.count && hookUnits.count >= 2)
        #expect(hookUnits.allSatisfy { $0.state == .succeeded && $0.outputTail?.contains("notified the pager") == true })
        // The canary hook ran before any canary compute was touched; each batch hook after its batch's last command.
        let log = transport.commands
        let canaryHook = try #require(log.firstIndex { $0.script == "notify canary-starts" })
        // The canary phase starts by disabling its compute in the scheduler; batch 1 ends by enabling its computes.
        let canary = plan.steps.first { $0.phase == "computes-canary" && $0.action == .disableCompute }!.params.targets![0]
        #expect(canaryHook < log.firstIndex { $0.script.contains("service-disable --reason upgrade \(canary.rawValue) ") }!)
        let batchHooks = log.indices.filter { log[$0].script == "notify batch-done" }
        let batch1 = plan.steps.first { $0.phase == "computes" && $0.batch == 1 && $0.action == .enableCompute }!.params.targets!
        #expect(batch1.count > 1)
        for t in batch1 { #expect(log.firstIndex { $0.script.contains("service-enable \(t.rawValue) ") }! < batchHooks[0]) }
    }
}
