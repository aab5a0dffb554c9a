import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

@Suite("Rollback: newest first, never past the point of no return")
struct RollbackTests {
    typealias F = PlanFixtures

    static var plan: Plan {
        var stop = F.step("nova/stop@ctl", hosts: ["ctl"], action: .stop); stop.params.daemons = ["openstack-nova-api"]
        var up = F.step("nova/upgrade@ctl", hosts: ["ctl"], after: ["nova/stop@ctl"], action: .upgradePackages); up.params.packages = ["*nova*"]
        var pin = F.step("nova/pin@ctl", hosts: ["ctl"], after: ["nova/upgrade@ctl"], action: .pinRPC); pin.params.file = "/etc/nova/nova.conf"
        let sync = F.step("nova/db-sync@ctl", hosts: ["ctl"], after: ["nova/pin@ctl"], action: .syncSchema, idempotent: false, ponr: true, reversible: false)
        return F.plan([stop, up, pin, sync])
    }

    /// A run stopped before the point of no return (the operator declined it), or run to the end.
    static func journal(stoppingBefore step: String?) async throws -> InMemoryJournal {
        let journal = InMemoryJournal()
        var e = executor(journal, FakeHostsPerformer())
        e.confirmer = FixedConfirmer(step == nil)
        _ = try await e.apply(plan, planHash: "h", options: .init())
        return journal
    }

    @Test("before the point of no return every step that ran is undone, newest first, with its inverse")
    func undoNewestFirst() async throws {
        let journal = try await Self.journal(stoppingBefore: "nova/db-sync@ctl")
        let run = try #require(try journal.latestRun())
        let items = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil)
        let stamp = RemoteConfigEditor.stamp(for: run.startedAt, step: "nova/pin@ctl")
        #expect(items.map(\.original.step.rawValue) == ["nova/pin@ctl", "nova/upgrade@ctl", "nova/stop@ctl"])
        #expect(stamp.hasPrefix(RemoteConfigEditor.stamp(for: run.startedAt) + "-") && stamp != RemoteConfigEditor.stamp(for: run.startedAt, step: "nova/other@ctl"))
        #expect(items[0].undo?.params.command == "test ! -e /etc/nova/nova.conf.upshift-\(stamp) || cp -p /etc/nova/nova.conf.upshift-\(stamp) /etc/nova/nova.conf")
        #expect(items[1].undo?.params.command == "yum -d1 -y downgrade -- '*nova*'")
        #expect(items[2].undo?.action == .start && items[2].undo?.params.daemons == ["openstack-nova-api"])
    }

    @Test("rollback refuses past a point of no return that ran, naming it and saying why")
    func refusesPastPONR() async throws {
        let journal = try await Self.journal(stoppingBefore: nil)
        let run = try #require(try journal.latestRun())
        #expect(throws: RollbackRefusal.self) { try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil) }
        do { _ = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil) } catch {
            #expect((error as? RollbackRefusal)?.message.hasPrefix("refusing to roll back past nova/db-sync@ctl, the point of no return") == true)
        }
        #expect(try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "nova/db-sync@ctl").isEmpty)
    }

    @Test("--to STEP undoes only later steps; the executor journals them rolled-back and resume runs them again")
    func rollbackToThenResume() async throws {
        let journal = try await Self.journal(stoppingBefore: "nova/db-sync@ctl")
        let hosts = FakeHostsPerformer()
        let result = try await executor(journal, hosts).rollback(to: "nova/stop@ctl")
        #expect(result.failed == nil)
        #expect(result.undone.map(\.original.step.rawValue) == ["nova/pin@ctl", "nova/upgrade@ctl"])
        let states = Dictionary(uniqueKeysWithValues: try journal.units(of: 1).map { ($0.unit.step.rawValue, $0.state) })
        #expect(states == ["nova/stop@ctl": .succeeded, "nova/upgrade@ctl": .rolledBack, "nova/pin@ctl": .rolledBack, "nova/db-sync@ctl": .pending])
        #expect(hosts.count(F.unit("undo:nova/pin@ctl", "ctl")) == 1)
        #expect(try journal.latestRun()?.state == .rolledBack)
        let hostsAgain = FakeHostsPerformer()
        #expect(try await executor(journal, hostsAgain).resume().end == .completed)
        #expect(hostsAgain.count(F.unit("nova/pin@ctl", "ctl")) == 1 && hostsAgain.count(F.unit("nova/stop@ctl", "ctl")) == 0)
    }

    @Test("an unknown --to step is refused")
    func unknownTarget() async throws {
        let journal = try await Self.journal(stoppingBefore: "nova/db-sync@ctl")
        let run = try #require(try journal.latestRun())
        #expect(throws: RollbackRefusal(message: "no step nope in the plan of run 1", isUsage: true)) {
            try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "nope")
        }
    }
}
