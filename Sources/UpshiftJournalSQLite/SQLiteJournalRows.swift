import Foundation
import GRDB
import UpshiftExecution
import UpshiftModel

extension SQLiteJournal {
    public func units(of run: RunID) throws -> [UnitRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM unit WHERE run_id = ? ORDER BY position", arguments: [run]).map { row in
                let r = JournalRowReader(row: row, table: "unit", path: path, key: "position")
                return try r.command(UnitRecord(unit: UnitKey(step: StepID(try r.requiredText("step")), host: HostName(try r.requiredText("host")))))
            }
        }
    }

    public func recordStarted(_ unit: UnitKey, run: RunID, at: Date) throws {
        try markStarted(unit, run: run, at: at, durable: false)
    }

    /// Committed with `synchronous = FULL`: the WAL is fsynced at this commit, so this record and
    /// every one before it survive a power loss (see `write(durable:)`).
    public func recordStartedDurably(_ unit: UnitKey, run: RunID, at: Date) throws {
        try markStarted(unit, run: run, at: at, durable: true)
    }

    private func markStarted(_ unit: UnitKey, run: RunID, at: Date, durable: Bool) throws {
        try write(durable: durable) { db in
            try db.execute(sql: """
                UPDATE unit SET state = 'running', started_at = ?, ended_at = NULL, attempts = attempts + 1,
                  exit_status = NULL, output_tail = NULL, message = NULL
                WHERE run_id = ? AND step = ? AND host = ?
                """, arguments: [at.timeIntervalSince1970, run, unit.step.rawValue, unit.host.rawValue])
            try Self.expectOneRow(db, unit)
        }
    }

    public func recordOutcome(_ unit: UnitKey, run: RunID, outcome: UnitOutcome, at: Date) throws {
        try write { db in
            // Undoing a unit keeps when it ran (its duration stays the forward run's).
            if outcome.state == .rolledBack {
                try db.execute(sql: "UPDATE unit SET state = 'rolled-back', message = ? WHERE run_id = ? AND step = ? AND host = ?",
                               arguments: [outcome.message, run, unit.step.rawValue, unit.host.rawValue])
                return try Self.expectOneRow(db, unit)
            }
            try db.execute(sql: """
                UPDATE unit SET state = ?, ended_at = ?, exit_status = ?, output_tail = ?, message = ?
                WHERE run_id = ? AND step = ? AND host = ?
                """, arguments: [outcome.state.rawValue, outcome.state == .running ? nil : at.timeIntervalSince1970,
                                 outcome.exitStatus.map { Int64($0) }, outcome.outputTail, outcome.message,
                                 run, unit.step.rawValue, unit.host.rawValue])
            try Self.expectOneRow(db, unit)
        }
    }

    public func recordEvent(_ event: JournalEvent, run: RunID) throws {
        try write { db in try Self.insert(event, run: run, db) }
    }

    public func events(of run: RunID) throws -> [JournalEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE run_id = ? ORDER BY id", arguments: [run]).compactMap { row in
                let r = JournalRowReader(row: row, table: "event", path: path, key: "id")
                guard let kind = JournalEvent.Kind(rawValue: try r.requiredText("kind")) else { return nil }
                return JournalEvent(at: Date(timeIntervalSince1970: try r.requiredDouble("at")), kind: kind,
                                    step: try r.text("step").map(StepID.init), phase: try r.text("phase").map(PhaseID.init),
                                    detail: try r.text("detail"))
            }
        }
    }

    public func setVariable(_ name: String, value: String, step: StepID, run: RunID) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO variable (run_id, name, value, step) VALUES (?, ?, ?, ?)",
                           arguments: [run, name, value, step.rawValue])
        }
    }

    public func variables(of run: RunID) throws -> [String: String] {
        try read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM variable WHERE run_id = ?", arguments: [run]) {
                let r = JournalRowReader(row: row, table: "variable", path: path, key: "name")
                out[try r.requiredText("name")] = try r.requiredText("value")
            }
            return out
        }
    }

    public func recordProbe(_ report: ProbeReport, run: RunID) throws {
        let json = try Self.json(report)
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO probe (run_id, report_json) VALUES (?, ?)", arguments: [run, json])
        }
    }

    public func probe(of run: RunID) throws -> ProbeReport? {
        let json: String? = try read { db in try String.fetchOne(db, sql: "SELECT report_json FROM probe WHERE run_id = ?", arguments: [run]) }
        guard let json else { return nil }
        do { return try JSONDecoder().decode(ProbeReport.self, from: Data(json.utf8)) } catch {
            throw JournalError(.storage, "the journal's probe report of run \(run) cannot be read: \(error)")
        }
    }

    static func insert(_ event: JournalEvent, run: RunID, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO event (run_id, at, kind, step, phase, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [run, event.at.timeIntervalSince1970, event.kind.rawValue, event.step?.rawValue,
                                   event.phase?.rawValue, event.detail])
    }

    static func expectOneRow(_ db: Database, _ unit: UnitKey) throws {
        guard db.changesCount == 1 else { throw JournalError(.storage, "the journal has no unit \(unit)") }
    }

    static func latest(_ db: Database, path: String) throws -> RunRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run ORDER BY id DESC LIMIT 1") else { return nil }
        return try record(row, path: path)
    }

    static func record(_ row: Row, path: String) throws -> RunRecord {
        let r = JournalRowReader(row: row, table: "run", path: path, key: "id")
        return RunRecord(id: try r.requiredInt("id"), planHash: try r.requiredText("plan_hash"),
                         plan: try r.json(Plan.self, "plan_json"), options: try r.json(RunOptions.self, "options_json"),
                         startedAt: Date(timeIntervalSince1970: try r.requiredDouble("started_at")),
                         updatedAt: Date(timeIntervalSince1970: try r.requiredDouble("updated_at")),
                         state: RunState(rawValue: try r.requiredText("state")) ?? .running,
                         lockOwner: try r.int("lock_pid").map { LockOwner(pid: Int32(truncatingIfNeeded: $0)) })
    }
}
