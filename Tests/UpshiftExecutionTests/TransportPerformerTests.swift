import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

@Suite("The real performer over a fake transport, with real plans")
struct TransportPerformerTests {
    @Test("a live plan of the built-in pack runs to completion; each schema sync runs exactly once")
    func livePlanCompletes() async throws {
        let (plan, pack) = try CloudFixture.plan(.live)
        #expect(!plan.steps.isEmpty)
        let transport = RecordingTransport(), editor = RecordingConfigEditor()
        let journal = InMemoryJournal()
        let e = executor(journal, CloudFixture.performer(transport, pack: pack, editor: editor))
        let summary = try await e.apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        let failed = try journal.units(of: summary.run).filter { $0.state != .succeeded }
        #expect(failed.isEmpty, "\(failed.prefix(3).map { "\($0.unit): \($0.message ?? "")" })")
        #expect(summary.end == .completed)
        for step in plan.steps where step.action == .syncSchema {
            let script = CommandRenderer.render(step, inventory: CloudFixture.inventory(), pack: pack, platforms: CloudFixture.platforms)[0].script
            #expect(transport.count(script) == 1, "\(step.id)")
        }
        #expect(editor.edits.count == plan.steps.filter(\.action.isConfigEdit).map(\.hosts.count).reduce(0, +))
    }

    @Test("every compute's packages are upgraded only after the nova schema sync ran")
    func computesAfterSync() async throws {
        let (plan, pack) = try CloudFixture.plan(.live)
        let transport = RecordingTransport()
        _ = try await executor(InMemoryJournal(), CloudFixture.performer(transport, pack: pack))
            .apply(plan, planHash: "h", options: RunOptions(parallel: 8, assumeYes: true))
        let log = transport.commands
        let sync = try #require(log.firstIndex { $0.script.contains("nova-manage db sync") })
        let computeUpgrades = log.indices.filter { log[$0].host.rawValue.hasPrefix("cmp-") && log[$0].script.contains("yum -d1 -y upgrade") }
        #expect(!computeUpgrades.isEmpty)
        #expect(computeUpgrades.allSatisfy { $0 > sync })
    }

    @Test("an unreachable compute fails with the transport's message; other computes finish their batches; the unpin waits for every compute")
    func unreachableCompute() async throws {
        let (full, pack) = try CloudFixture.plan(.live)
        // The live plan restarts every Havana compute in computes-pin, where an unreachable one stops
        // the run before the point of no return (below); batch isolation is about the later phases.
        let plan = LabMixedComputeTests.prefix(full, through: "finalize", dropping: "computes-pin")
        let journal = InMemoryJournal()
        let transport = FailingTransport(inner: RecordingTransport(), unreachable: ["cmp-02"])
        let summary = try await executor(journal, CloudFixture.performer(transport, pack: pack))
            .apply(plan, planHash: "h", options: RunOptions(parallel: 4, maxFailures: .count(1), assumeYes: true))
        let units = try journal.units(of: summary.run)
        let failed = units.filter { $0.state == .failed }
        #expect(!failed.isEmpty && failed.allSatisfy { $0.unit.host == "cmp-02" })
        #expect(failed.first?.message?.contains("cmp-02: unreachable: ssh: connect to host port 22: No route to host") == true)
        let batched = Set(plan.steps.filter { $0.batch != nil }.map(\.id))
        let cmp1 = units.filter { $0.unit.host == "cmp-01" && batched.contains($0.unit.step) }
        #expect(!cmp1.isEmpty && cmp1.allSatisfy { $0.state == .succeeded })
        let unpin = units.filter { plan.step($0.unit.step)?.action == .unpinRPC }
        #expect(!unpin.isEmpty && unpin.allSatisfy { $0.state == .skipped })
        guard case .failed = summary.end else { Issue.record("expected a failed run"); return }
    }

    @Test("with an unreachable compute no Icehouse compute starts and the nova sync does not run: it could not be pinned")
    func unreachableComputeBeforeTheSync() async throws {
        let (plan, pack) = try CloudFixture.plan(.live)
        let journal = InMemoryJournal()
        let transport = FailingTransport(inner: RecordingTransport(), unreachable: ["cmp-02"])
        let summary = try await executor(journal, CloudFixture.performer(transport, pack: pack))
            .apply(plan, planHash: "h", options: RunOptions(parallel: 4, maxFailures: .count(1), assumeYes: true))
        guard case .failed(let failed, _) = summary.end else { Issue.record("expected a failed run"); return }
        #expect(failed.allSatisfy { $0.host == "cmp-02" }, "\(failed)")
        let done = try journal.units(of: summary.run).filter { $0.state == .succeeded }.compactMap { plan.step($0.unit.step) }
        #expect(!done.contains { $0.pointOfNoReturn })
        #expect(!done.contains { $0.batch != nil }, "no compute batch ran")
    }

    @Test("a failing command records its exit status, the command and a redacted output tail")
    func failingCommandRedacted() async throws {
        let inventory = CloudFixture.inventory(computes: 1)
        let pack = try CloudFixture.pack()
        let transport = RecordingTransport()
        transport.answers["yum -d1 -y upgrade"] = CommandResult(exitStatus: 1, stderr: Array("Error: connection mysql://nova:s3cretpw@db/nova refused\npassword=hunter2\n".utf8))
        var step = PlanFixtures.step("nova/upgrade@ctl-01", hosts: ["ctl-01"], action: .upgradePackages)
        step.params.packages = ["*nova*"]
        let performer = CloudFixture.performer(transport, inventory: inventory, pack: pack)
        let outcome = await performer.perform(step, on: "ctl-01", context: PerformContext(run: 1, runStartedAt: Date()))
        #expect(outcome.status == .failed && outcome.exitStatus == 1)
        #expect(outcome.message == "`yum -d1 -y upgrade -- '*nova*'` exited 1 on ctl-01")
        #expect(outcome.outputTail?.contains("s3cretpw") == false)
        #expect(outcome.outputTail?.contains("hunter2") == false)
        #expect(outcome.outputTail?.contains("mysql://nova:***@db/nova") == true)
    }

    @Test("verify-version fails naming the host, the version found and the one expected")
    func verifyVersionMismatch() async throws {
        let pack = try CloudFixture.pack()
        let transport = RecordingTransport()
        transport.answers["rpm -q"] = CommandResult(exitStatus: 0, stdout: Array("2013.2.3\n".utf8))
        var step = PlanFixtures.step("nova/verify@computes", hosts: ["cmp-01"], action: .verifyVersion)
        step.params.package = "openstack-nova-common"; step.params.version = "2014.1"
        let outcome = await CloudFixture.performer(transport, pack: pack).perform(step, on: "cmp-01", context: PerformContext(run: 1, runStartedAt: Date()))
        #expect(outcome.status == .failed)
        #expect(outcome.message == "cmp-01 has openstack-nova-common 2013.2.3, expected 2014.1*")
    }

    @Test("a lookup reads the `| field | value |` row into a run variable")
    func lookup() async throws {
        let pack = try CloudFixture.pack()
        var step = PlanFixtures.step("neutron/lookup@ctl-01", hosts: ["ctl-01"], action: .lookup)
        step.params.command = "keystone tenant-get services"; step.params.variable = "services_tenant_id"; step.params.field = "id"
        let outcome = await CloudFixture.performer(RecordingTransport(), pack: pack).perform(step, on: "ctl-01", context: PerformContext(run: 1, runStartedAt: Date()))
        #expect(outcome.status == .succeeded)
        #expect(outcome.variables == ["services_tenant_id": "0123abcd"])
    }

    @Test("a health poll retries until nova reports the compute enabled and up, and times out otherwise")
    func healthPoll() async throws {
        let pack = try CloudFixture.pack()
        let transport = RecordingTransport()
        transport.answers["nova service-list"] = CommandResult(exitStatus: 0, stdout: Array("| nova-compute | cmp-01 | nova | enabled | down |\n".utf8))
        var step = PlanFixtures.step("nova/wait@cmp-01", hosts: ["cmp-01"], action: .waitHealthy)
        step.params.daemons = ["openstack-nova-compute"]
        let outcome = await CloudFixture.performer(transport, pack: pack).perform(step, on: "cmp-01", context: PerformContext(run: 1, runStartedAt: Date()))
        #expect(outcome.status == .failed)
        #expect(outcome.message?.contains("still failing when the wait timed out after 300 s") == true)
        // It names the daemon and the host that did not become healthy, and what the check printed.
        #expect(outcome.message?.hasPrefix("openstack-nova-compute on cmp-01 did not become healthy: ") == true)
        #expect(transport.count("nova service-list") > 1)
        // A step's own `timeout:` bounds the wait instead (fewer tries at the same poll interval).
        let short = RecordingTransport()
        short.answers["nova service-list"] = transport.answers["nova service-list"]
        step.params.timeout = 20
        let quick = await CloudFixture.performer(short, pack: pack).perform(step, on: "cmp-01", context: PerformContext(run: 1, runStartedAt: Date()))
        #expect(quick.status == .failed && quick.message?.contains("after 20 s") == true)
        #expect(short.count("nova service-list") < transport.count("nova service-list"))
    }
}
