import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

@Suite("Executor: journal before decision, faults, resume")
struct ExecutorTests {
    typealias F = PlanFixtures

    @Test("an uninterrupted run journals every unit succeeded once and reports each on the sink")
    func uninterrupted() async throws {
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer(), sink = RecordingEventSink()
        let summary = try await executor(journal, hosts, sink: sink).apply(F.cloud, planHash: "h", options: RunOptions(parallel: 3))
        #expect(summary.end == .completed)
        let units = try journal.units(of: summary.run)
        #expect(units.count == 13)
        #expect(units.allSatisfy { $0.state == .succeeded && $0.attempts == 1 && $0.startedAt != nil && $0.endedAt != nil })
        #expect(try journal.latestRun()?.state == .completed)
        #expect(try journal.latestRun()?.lockOwner == nil)
        #expect(sink.events.filter { $0.kind == .unitFinished }.count == 13)
        #expect(try journal.events(of: summary.run).contains { $0.kind == .pointOfNoReturn && $0.step == "nova/db-sync@ctl" })
    }

    @Test("a failing unit stops at a recorded state with its message; after the fault is cleared resume finishes")
    func faultThenResume() async throws {
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer()
        let bad = F.unit("computes/upgrade@batch-00", "c1")
        hosts.faults[bad] = .fails("`yum -d1 -y upgrade '*nova*'` exited 1 on c1")
        let first = try await executor(journal, hosts).apply(F.cloud, planHash: "h", options: RunOptions(parallel: 3, assumeYes: true))
        #expect(first.end == .failed(failed: [bad], halted: true))
        let row = try journal.units(of: first.run).first { $0.unit == bad }!
        #expect(row.state == .failed && row.message == "`yum -d1 -y upgrade '*nova*'` exited 1 on c1" && row.exitStatus == 1)
        #expect(try journal.latestRun()?.state == .failed)
        hosts.faults = [:]
        let second = try await executor(journal, hosts, pid: 4343).resume()
        #expect(second.end == .completed)
        let after = try journal.units(of: second.run)
        #expect(after.allSatisfy { $0.state == .succeeded })
        #expect(after.first { $0.unit == bad }?.attempts == 2)
        #expect(hosts.count(F.unit("nova/stop@ctl", "ctl")) == 1, "succeeded units are not run again")
    }

    @Test("a lookup's value becomes a run variable in the journal")
    func lookupVariable() async throws {
        var step = F.step("neutron/lookup-tenant", hosts: ["ctl"], action: .lookup)
        step.params.variable = "services_tenant_id"; step.params.field = "id"
        let journal = InMemoryJournal()
        let s = try await executor(journal, FakeHostsPerformer()).apply(F.plan([step]), planHash: "h", options: .init())
        #expect(try journal.variables(of: s.run) == ["services_tenant_id": "abc123"])
    }

    @Test("Ctrl-C lets the running unit finish, records the run interrupted, and resume finishes it")
    func interrupt() async throws {
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer(), flag = InterruptFlag()
        hosts.afterPerform = { unit in if unit == F.unit("nova/backup-db@ctl", "ctl") { flag.request() } }
        let s = try await executor(journal, hosts, interrupt: flag).apply(F.cloud, planHash: "h", options: .init(assumeYes: true))
        #expect(s.end == .interrupted)
        #expect(try journal.units(of: s.run).first { $0.unit == F.unit("nova/backup-db@ctl", "ctl") }?.state == .succeeded)
        #expect(try journal.latestRun()?.state == .interrupted)
        hosts.afterPerform = nil
        #expect(try await executor(journal, hosts).resume().end == .completed)
        #expect(hosts.performCounts.values.allSatisfy { $0 == 1 })
    }

    @Test("a declined confirmation stops before the point of no return; resume asks again")
    func declined() async throws {
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer()
        var e = executor(journal, hosts)
        e.confirmer = FixedConfirmer(false)
        let s = try await e.apply(F.cloud, planHash: "h", options: .init())
        #expect(s.end == .paused(.declined("nova/db-sync@ctl")))
        #expect(hosts.count(F.unit("nova/db-sync@ctl", "ctl")) == 0)
        #expect(try await executor(journal, hosts).resume().end == .completed)
    }

    @Test("resume may raise the failure budget: a host that still fails is left behind while the others finish")
    func resumeWithBudget() async throws {
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer()
        let bad = F.unit("computes/upgrade@batch-01", "c3")
        hosts.faults[bad] = .fails("still broken")
        let first = try await executor(journal, hosts).apply(F.cloud, planHash: "h", options: RunOptions(parallel: 1, assumeYes: true))
        #expect(first.end == .failed(failed: [bad], halted: true))
        let second = try await executor(journal, hosts).resume { $0.maxFailures = .count(1) }
        #expect(second.end == .failed(failed: [bad], halted: false))
        let units = try journal.units(of: second.run)
        #expect(units.filter { $0.unit.host == "c4" }.allSatisfy { $0.state == .succeeded })
        #expect(units.first { $0.unit == bad }?.attempts == 2)
        #expect(try journal.latestRun()?.options.maxFailures == .count(0), "the stored options are the ones apply chose")
    }

    @Test("no unit starts after Ctrl-C, even one the finishing unit would have released")
    func nothingStartsAfterInterrupt() async throws {
        let plan = F.plan([F.step("a", hosts: ["h1"]), F.step("b", hosts: ["h2"]), F.step("c", hosts: ["h3"])])
        let hosts = FakeHostsPerformer(), flag = InterruptFlag()
        hosts.afterPerform = { _ in flag.request() }
        let s = try await executor(InMemoryJournal(), hosts, interrupt: flag).apply(plan, planHash: "h", options: .init(parallel: 1))
        #expect(s.end == .interrupted)
        #expect(hosts.performCounts == [F.unit("a", "h1"): 1])
        let already = InterruptFlag()
        already.request()
        let none = FakeHostsPerformer()
        #expect(try await executor(InMemoryJournal(), none, interrupt: already).apply(plan, planHash: "h", options: .init()).end == .interrupted)
        #expect(none.performCounts.isEmpty)
    }
}
