import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

@Suite("Killed mid-run on a real live plan, resumed from the SQLite journal")
struct LiveCrashTests {
    enum Point: String, CaseIterable { case early, midSchemaSync = "mid-schema-sync", midBatch = "mid-batch" }

    static func crashUnit(_ point: Point, plan: Plan) -> UnitKey? {
        switch point {
        case .early: return nil
        case .midSchemaSync:
            return plan.steps.first { $0.action == .syncSchema && $0.service == "nova" }.map { UnitKey(step: $0.id, host: $0.hosts[0]) }
        case .midBatch:
            return plan.steps.first { $0.batch == 1 && $0.action == .upgradePackages }.map { UnitKey(step: $0.id, host: $0.hosts.last!) }
        }
    }

    @Test("the final journal equals an uninterrupted run's and the lock of the dead process is taken over", arguments: Point.allCases)
    func killAndResume(point: Point) async throws {
        let (plan, pack) = try CloudFixture.plan(.live)
        let options = RunOptions(parallel: 4, assumeYes: true)
        let reference = InMemoryJournal()
        _ = try await executor(reference, CloudFixture.performer(RecordingTransport(), pack: pack)).apply(plan, planHash: "h", options: options)

        let path = try temporaryStateDirectory() + "/journal.sqlite"
        let transport = RecordingTransport()
        let sqlite = try SQLiteJournal(path: path)
        let dying: CrashingJournal
        if let unit = Self.crashUnit(point, plan: plan) { dying = CrashingJournal(sqlite, crashAtOutcomeOf: unit) } else { dying = CrashingJournal(sqlite, crashAtOutcome: 3) }
        await #expect(throws: SimulatedCrash.self) {
            _ = try await executor(dying, CloudFixture.performer(transport, pack: pack), pid: 4242).apply(plan, planHash: "h", options: options)
        }
        let reopened = try SQLiteJournal(path: path)
        let running = try reopened.units(of: 1).filter { $0.state == .running }
        #expect(!running.isEmpty, "the crash leaves the unit being recorded as running")
        let summary = try await executor(reopened, CloudFixture.performer(transport, pack: pack), pid: 4343, alive: false).resume()
        #expect(summary.end == .completed)
        let states = { (j: any Journal) in try j.units(of: 1).map { "\($0.unit) \($0.state.rawValue)" } }
        #expect(try states(reopened) == states(reference))
        let syncs = plan.steps.filter { $0.action == .syncSchema }.count
        #expect(transport.count("db sync") + transport.count("db_sync") + transport.count("dbsync") + transport.count("upgrade icehouse") <= syncs + 1,
                "only the sync running at the crash may run again (syncs are idempotent in the plan)")
    }
}
