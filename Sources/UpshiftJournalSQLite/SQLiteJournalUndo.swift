import Foundation
import GRDB
import UpshiftExecution
import UpshiftModel

/// A rollback's undo units: rows of the `undo` table, numbered per run (the latest rollback wins).
extension SQLiteJournal {
    public func beginRollback(_ items: [UndoItem], target: StepID?, run: RunID, at: Date) throws {
        let encoded = try items.map { try Self.json($0) }
        try write { db in
            let number = (try Int64.fetchOne(db, sql: "SELECT max(rollback_no) FROM undo WHERE run_id = ?", arguments: [run]) ?? 0) + 1
            for (i, (item, json)) in zip(items, encoded).enumerated() {
                try db.execute(sql: "INSERT INTO undo (run_id, rollback_no, position, step, host, item_json) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [run, number, i, item.original.step.rawValue, item.original.host.rawValue, json])
            }
            try Self.insert(JournalEvent(at: at, kind: .rollback, step: target, detail: RollbackWords.started(items.count, to: target)), run: run, db)
            try db.execute(sql: "UPDATE run SET state = 'rolling-back', updated_at = ? WHERE id = ?", arguments: [at.timeIntervalSince1970, run])
        }
    }

    public func undos(of run: RunID) throws -> [UndoRecord] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM undo WHERE run_id = ? AND rollback_no = (SELECT max(rollback_no) FROM undo WHERE run_id = ?) ORDER BY position
                """, arguments: [run, run])
        }
        // Defensive reads, as for the other tables: a damaged row is an error naming it, never a crash.
        return try rows.map { row in
            let r = JournalRowReader(row: row, table: "undo", path: path, key: "position")
            return try r.command(UndoRecord(position: Int(truncatingIfNeeded: try r.requiredInt("position")), item: try r.json(UndoItem.self, "item_json")))
        }
    }

    public func recordUndoStarted(_ position: Int, run: RunID, at: Date) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE undo SET state = 'running', started_at = ?, ended_at = NULL, attempts = attempts + 1,
                  exit_status = NULL, output_tail = NULL, message = NULL
                WHERE run_id = ? AND position = ? AND rollback_no = (SELECT max(rollback_no) FROM undo WHERE run_id = ?)
                """, arguments: [at.timeIntervalSince1970, run, position, run])
            try Self.expectOneUndo(db, position, run: run)
        }
    }

    public func recordUndoOutcome(_ position: Int, run: RunID, outcome: UnitOutcome, at: Date) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE undo SET state = ?, ended_at = ?, exit_status = ?, output_tail = ?, message = ?
                WHERE run_id = ? AND position = ? AND rollback_no = (SELECT max(rollback_no) FROM undo WHERE run_id = ?)
                """, arguments: [outcome.state.rawValue, outcome.state == .running ? nil : at.timeIntervalSince1970,
                                 outcome.exitStatus.map { Int64($0) }, outcome.outputTail, outcome.message, run, position, run])
            try Self.expectOneUndo(db, position, run: run)
        }
    }

    static func expectOneUndo(_ db: Database, _ position: Int, run: RunID) throws {
        guard db.changesCount == 1 else { throw JournalError(.storage, "run \(run) has no undo at position \(position)") }
    }
}
