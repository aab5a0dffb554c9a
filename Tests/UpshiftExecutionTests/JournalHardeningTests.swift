import Foundation
import GRDB
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

/// A damaged journal row is an error naming the file and the row, never a crash; the journal is
/// created 0600; status and report open it without writing.
@Suite struct JournalHardeningTests {
    static func journalWithARun() async throws -> (String, RunID) {
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        let journal = try SQLiteJournal(path: path)
        let s = try await executor(journal, FakeHostsPerformer()).apply(PlanFixtures.cloud, planHash: "h", options: .init(assumeYes: true))
        return (path, s.run)
    }

    static func damage(_ path: String, _ sql: String) throws {
        try SQLiteJournal(path: path).write { db in try db.execute(sql: sql) }
    }

    @Test(arguments: [("UPDATE unit SET exit_status = 'oops' WHERE position = 0", "exit_status holds text"),
                      ("UPDATE unit SET output_tail = X'FF00FE' WHERE position = 0", "output_tail holds binary data"),
                      ("UPDATE unit SET started_at = X'00' WHERE position = 0", "started_at holds binary data")])
    func aRowOfTheWrongTypeIsNamedNotFatal(sql: String, says: String) async throws {
        let (path, run) = try await Self.journalWithARun()
        try Self.damage(path, sql)
        for readOnly in [false, true] {
            #expect { _ = try SQLiteJournal(path: path, readOnly: readOnly).units(of: run) } throws: { error in
                let m = (error as? JournalError)?.message ?? ""
                return m.hasPrefix(path + ": unit row with position 0: ") && m.contains(says)
            }
        }
    }

    @Test func aRunRowOfTheWrongTypeIsNamedToo() async throws {
        let (path, _) = try await Self.journalWithARun()
        try Self.damage(path, "UPDATE run SET lock_pid = 'me'")
        #expect { _ = try SQLiteJournal(path: path).latestRun() } throws: { error in
            ((error as? JournalError)?.message ?? "").contains("\(path): run row with id 1: lock_pid holds text")
        }
    }

    @Test(arguments: [("UPDATE undo SET exit_status = 'oops'", "exit_status holds text"),
                      ("UPDATE undo SET message = X'FF00FE'", "message holds binary data"),
                      ("UPDATE undo SET item_json = '{\"note\": 3}'", "item_json holds JSON that does not decode")])
    func anUndoRowOfTheWrongTypeIsNamedNotFatal(sql: String, says: String) async throws {
        let (path, run) = try await Self.journalWithARun()
        try SQLiteJournal(path: path).beginRollback([UndoItem(original: PlanFixtures.unit("repo/switch@ctl", "ctl"), undo: nil, note: "n")],
                                                    target: nil, run: run, at: Date())
        try Self.damage(path, sql)
        for readOnly in [false, true] {
            #expect { _ = try SQLiteJournal(path: path, readOnly: readOnly).undos(of: run) } throws: { error in
                let m = (error as? JournalError)?.message ?? ""
                return m.hasPrefix(path + ": undo row with position 0: ") && m.contains(says)
            }
        }
    }

    @Test func theJournalIsPrivateAndReadOnlyOpensWriteNothing() async throws {
        let (path, run) = try await Self.journalWithARun()
        var st = stat(); stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        chmod(path, 0o644)
        _ = try SQLiteJournal(path: path)
        stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try SQLiteJournal(path: path, readOnly: true)
        #expect(try reader.units(of: run).count == PlanFixtures.cloud.steps.map { max(1, $0.hosts.count) }.reduce(0, +))
        #expect(throws: JournalError.self) { try reader.setRunState(.completed, run: run, at: Date()) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
