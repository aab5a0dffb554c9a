import Foundation
import GRDB
import Testing
import UpshiftModel
import UpshiftTestSupport
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

/// The journal's schema is what its migrations released, and a journal written by the first release
/// (Fixtures/journal-v1.sqlite: made by the v1 migration of that code, then a paused run written into
/// it) opens, keeps its run, and ends with exactly the schema of a new journal.
@Suite("Journal schema: a new journal and a migrated old one")
struct JournalSchemaTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/journal-v1.sqlite")

    /// Every schema object's SQL as SQLite stores it, in creation order, then the applied migrations.
    static func schema(_ path: String) throws -> String {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: path, configuration: config).read { db in
            let sql = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            return sql.map { $0 + ";\n" }.joined() + "-- migrations: " + migrations.joined(separator: ", ") + "\n"
        }
    }

    static func newJournal() throws -> String {
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        _ = try SQLiteJournal(path: path)
        return path
    }

    @Test("a new journal has the released schema and migration identifiers")
    func aNewJournalHasTheReleasedSchema() throws {
        Golden.check(try Self.schema(try Self.newJournal()), "journal-schema.sql")
    }

    @Test("a journal written by the first release opens, keeps its run and migrates to a new journal's schema")
    func aFirstReleaseJournalOpensAndMigrates() throws {
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        try FileManager.default.copyItem(at: Self.fixture, to: URL(fileURLWithPath: path))
        #expect(try Self.schema(path).hasSuffix("-- migrations: v1\n"))
        let journal = try SQLiteJournal(path: path)
        let run = try #require(try journal.latestRun())
        #expect(run.state == .paused && run.planHash == "h")
        #expect(run.plan.steps.map(\.id) == RollbackJournalTests.plan.steps.map(\.id))
        #expect(try journal.units(of: run.id).map(\.state) == [.succeeded, .pending])
        #expect(try journal.units(of: run.id).first?.outputTail == "ok")
        #expect(try journal.variables(of: run.id) == ["instance": "i-1"])
        #expect(try journal.events(of: run.id).map(\.kind) == [.started, .paused])
        try journal.setRunState(.rollbackFailed, run: run.id, at: Date())
        try journal.recordEvent(JournalEvent(at: Date(), kind: .windowClosed, detail: "x"), run: run.id)
        #expect(try journal.latestRun()?.state == .rollbackFailed)
        #expect(try Self.schema(path) == Self.schema(try Self.newJournal()))
    }
}
