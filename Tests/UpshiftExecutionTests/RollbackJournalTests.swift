import Foundation
import GRDB
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

/// A rollback you can trust: refused before anything runs when an undo's need is gone, every undo
/// journaled like a step, a failed rollback resumed to the end, and status/report that say so.
@Suite("Rollback: journaled undos, refusals before anything runs, resume")
struct RollbackJournalTests {
    typealias F = PlanFixtures

    /// repo switch, a reversible (pre-PONR) schema sync restored from a dump, stop, upgrade, pin; then the PONR.
    static var plan: Plan {
        var repo = F.step("repo/switch@ctl", hosts: ["ctl"], action: .repoSwitch)
        repo.params.repoPackage = "rdo-release-icehouse"; repo.params.repoRestore = "http://example.invalid/rdo-release-havana.rpm"
        var sync = F.step("keystone/db-sync@ctl", hosts: ["ctl"], after: ["repo/switch@ctl"], action: .syncSchema)
        sync.params.path = "/var/lib/upshift/keystone.sql"
        var stop = F.step("nova/stop@ctl", hosts: ["ctl"], after: ["keystone/db-sync@ctl"], action: .stop); stop.params.daemons = ["openstack-nova-api"]
        var up = F.step("nova/upgrade@ctl", hosts: ["ctl"], after: ["nova/stop@ctl"], action: .upgradePackages); up.params.packages = ["*nova*"]
        let ponr = F.step("nova/db-sync@ctl", hosts: ["ctl"], after: ["nova/upgrade@ctl"], action: .syncSchema, idempotent: false, ponr: true, reversible: false)
        return F.plan([repo, sync, stop, up, ponr])
    }

    /// A run stopped at the point of no return (declined), in `journal`.
    static func declinedRun(_ journal: any Journal) async throws -> RunID {
        var e = executor(journal, FakeHostsPerformer())
        e.confirmer = FixedConfirmer(false)
        return try await e.apply(plan, planHash: "h", options: .init()).run
    }

    @Test("a failed undo is journaled with its output, the run is rollback-failed, and resumeRollback ends rolled back without redoing what succeeded")
    func failedUndoThenResume() async throws {
        for journal in [InMemoryJournal(), try SQLiteJournal(path: try temporaryStateDirectory() + "/journal.sqlite")] as [any Journal] {
            let run = try await Self.declinedRun(journal)
            let hosts = FakeHostsPerformer()
            hosts.faults = [F.unit("undo:nova/stop@ctl", "ctl"): .fails("service openstack-nova-api start exited 1")]
            let result = try await executor(journal, hosts).rollback(to: nil)
            let (failed, outcome) = try #require(result.failed)
            #expect(failed.original == F.unit("nova/stop@ctl", "ctl") && outcome.status == .failed && result.left == 2)
            #expect(try journal.latestRun()?.state == .rollbackFailed)
            let undos = try journal.undos(of: run)
            // Repository first (the downgrade needs it), then newest first.
            #expect(undos.map(\.item.original.step.rawValue) == ["repo/switch@ctl", "nova/upgrade@ctl", "nova/stop@ctl", "keystone/db-sync@ctl"])
            #expect(undos.map(\.state) == [.succeeded, .succeeded, .failed, .pending])
            #expect(undos[2].outputTail == "boom" && undos[2].exitStatus == 1 && undos[2].attempts == 1 && undos[2].message?.contains("exited 1") == true)
            #expect(try journal.events(of: run).contains { $0.kind == .rollback && $0.detail == "rollback of 4 units to the start" })
            // Resume is not the upgrade's resume while rolling back.
            await #expect(throws: JournalError.self) { _ = try await executor(journal, FakeHostsPerformer()).resume() }

            let again = FakeHostsPerformer()
            let resumed = try await executor(journal, again).resumeRollback()
            #expect(resumed.failed == nil && resumed.undone.map(\.original.step.rawValue) == ["nova/stop@ctl", "keystone/db-sync@ctl"])
            #expect(again.count(F.unit("undo:repo/switch@ctl", "ctl")) == 0 && again.count(F.unit("undo:nova/stop@ctl", "ctl")) == 1)
            #expect(try journal.undos(of: run).map(\.state) == [.succeeded, .succeeded, .succeeded, .succeeded])
            #expect(try journal.undos(of: run)[2].attempts == 2)
            #expect(try journal.latestRun()?.state == .rolledBack)
            let states = Set(try journal.units(of: run).filter { $0.state != .pending }.map(\.state))
            #expect(states == [.rolledBack])
        }
    }

    @Test("a missing database dump refuses the rollback before any undo runs, naming the host and the file")
    func missingDumpRefused() async throws {
        let journal = InMemoryJournal()
        let run = try await Self.declinedRun(journal)
        let hosts = FakeHostsPerformer()
        hosts.faults = [F.unit("check:keystone/db-sync@ctl", "ctl"): .fails("exit 1")]
        await #expect(throws: RollbackRefusal.self) { _ = try await executor(journal, hosts).rollback(to: nil) }
        do { _ = try await executor(journal, hosts).previewRollback(to: nil) } catch let e as RollbackRefusal {
            #expect(e.message.contains("ctl: the database dump /var/lib/upshift/keystone.sql that undoing keystone/db-sync@ctl restores is not there"))
        }
        #expect(hosts.performCounts.keys.allSatisfy { $0.step.rawValue.hasPrefix("check:") }, "only the check ran: \(hosts.performCounts)")
        #expect(try journal.undos(of: run).isEmpty && journal.latestRun()?.state == .paused)
    }

    @Test("a downgrade whose repository switch stays (before --to) is refused: the old repository would be gone")
    func downgradeWithoutRepositoryRefused() async throws {
        let journal = InMemoryJournal()
        _ = try await Self.declinedRun(journal)
        let run = try #require(try journal.latestRun())
        #expect(throws: RollbackRefusal.self) { try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "repo/switch@ctl", platforms: testHostPlatforms) }
        do { _ = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "repo/switch@ctl", platforms: testHostPlatforms) } catch {
            #expect((error as? RollbackRefusal)?.message.contains("ctl: downgrading packages needs the old release's repository, but its switch (repo/switch@ctl) is before the --to step") == true)
        }
        // Rolling back only what came after the downgrade is fine.
        #expect(try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "nova/upgrade@ctl", platforms: testHostPlatforms).isEmpty)
    }

    @Test("status and report after a failed rollback say rollback-failed, where each host stands, and keep the forward durations")
    func reportAfterFailedRollback() async throws {
        let journal = InMemoryJournal()
        let run = try await Self.declinedRun(journal)
        let before = Dictionary(uniqueKeysWithValues: try journal.units(of: run).map { ($0.unit, $0.endedAt) })
        let hosts = FakeHostsPerformer()
        hosts.faults = [F.unit("undo:nova/stop@ctl", "ctl"): .fails("exit 1")]
        _ = try await executor(journal, hosts).rollback(to: nil)
        for u in try journal.units(of: run) { #expect(u.endedAt == before[u.unit], "\(u.unit): ended_at moved") }
        let report = RunReport(run: try #require(try journal.latestRun()), units: try journal.units(of: run),
                               events: try journal.events(of: run), undos: try journal.undos(of: run))
        let status = StatusText.render(report)
        #expect(status.hasPrefix("Run 1: rollback-failed; Rollback: 2 of 4 undos done, 1 failed, 1 left"), "\(status)")
        #expect(status.contains("ctl: rollback failed at nova/stop@ctl (2 of 4 undone): exit 1"), "\(status)")
        let text = ReportFormat.text.render(report)
        #expect(text.contains("  failed      undo nova/stop@ctl") && text.contains("1 undos not started"), "\(text)")
        #expect(ReportFormat.json.render(report).contains("\"undos\""))
    }

    @Test("a journal written before v3 opens, keeps its runs and events, and takes the new states and kinds")
    func migratesAnOlderJournal() throws {
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        do {
            let old = try DatabaseQueue(path: path)
            try JournalSchema.migrator.migrate(old, upTo: "v2-probe")
            let plan = String(decoding: try JSONEncoder().encode(Self.plan), as: UTF8.self)
            let options = String(decoding: try JSONEncoder().encode(RunOptions()), as: UTF8.self)
            try old.write { db in
                try db.execute(sql: "INSERT INTO run (plan_hash, plan_json, options_json, started_at, updated_at, state) VALUES ('h', ?, ?, 1, 2, 'paused')",
                               arguments: [plan, options])
                try db.execute(sql: "INSERT INTO unit (run_id, position, step, host, state) VALUES (1, 0, 'repo/switch@ctl', 'ctl', 'succeeded')")
                try db.execute(sql: "INSERT INTO event (run_id, at, kind) VALUES (1, 1, 'started')")
                #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE run SET state = 'rollback-failed'") }
            }
        }
        let reopened = try SQLiteJournal(path: path)
        let run = try #require(try reopened.latestRun())
        #expect(run.state == .paused && run.plan == Self.plan)
        #expect(try reopened.units(of: run.id).map(\.state) == [.succeeded])
        try reopened.setRunState(.rollbackFailed, run: run.id, at: Date())
        try reopened.recordEvent(JournalEvent(at: Date(), kind: .lockBroken, detail: "x"), run: run.id)
        #expect(try reopened.latestRun()?.state == .rollbackFailed)
        #expect(try reopened.events(of: run.id).map(\.kind) == [.started, .lockBroken])
        try reopened.beginRollback([UndoItem(original: F.unit("repo/switch@ctl", "ctl"), undo: nil, note: "n")], target: nil, run: run.id, at: Date())
        #expect(try reopened.undos(of: run.id).map(\.item.note) == ["n"])
    }
}
