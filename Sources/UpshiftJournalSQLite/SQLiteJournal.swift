import Foundation
import GRDB
import UpshiftExecution
import UpshiftModel

/// The durable journal: one SQLite file (`journal.sqlite` in the state directory) in WAL mode,
/// so `status` reads while `apply` writes. Every method commits before it returns.
public final class SQLiteJournal: Journal {
    private let db: DatabasePool

    /// Opens (creating if needed) the journal file at `path` and runs the migrations.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        do {
            db = try DatabasePool(path: path, configuration: config)
            try JournalSchema.migrator.migrate(db)
        } catch {
            throw JournalError(.storage, "cannot open the journal \(path): \(error)")
        }
    }

    /// Runs `body` in an IMMEDIATE transaction, so two processes never decide on the same stale read.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try db.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) { result = try body(db); return .commit }
                return result!
            }
        } catch let e as JournalError { throw e } catch { throw JournalError(.storage, "journal write failed: \(error)") }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.read(body) } catch { throw JournalError(.storage, "journal read failed: \(error)") }
    }

    public func beginRun(plan: Plan, planHash: String, options: RunOptions, owner: LockOwner, at: Date,
                         isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        let planJSON = try Self.json(plan), optionsJSON = try Self.json(options)
        let id: RunID = try write { db in
            if let last = try Self.latest(db) {
                try JournalRules.checkLock(last, owner: owner, isAlive: isAlive)
                try JournalRules.checkFinished(last)
                try db.execute(sql: "UPDATE run SET lock_pid = NULL WHERE id = ?", arguments: [last.id])
            }
            try db.execute(sql: """
                INSERT INTO run (plan_hash, plan_json, options_json, started_at, updated_at, state, lock_pid)
                VALUES (?, ?, ?, ?, ?, 'running', ?)
                """, arguments: [planHash, planJSON, optionsJSON, at.timeIntervalSince1970, at.timeIntervalSince1970, owner.pid])
            let id = db.lastInsertedRowID
            for (i, unit) in plan.steps.flatMap(UnitKey.units(of:)).enumerated() {
                try db.execute(sql: "INSERT INTO unit (run_id, position, step, host) VALUES (?, ?, ?, ?)",
                               arguments: [id, i, unit.step.rawValue, unit.host.rawValue])
            }
            try Self.insert(JournalEvent(at: at, kind: .started, detail: "pid \(owner.pid)"), run: id, db)
            return id
        }
        return try latestRun().flatMap { $0.id == id ? $0 : nil } ?? { throw JournalError(.storage, "run \(id) vanished") }()
    }

    public func takeOver(owner: LockOwner, at: Date, isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        try write { db in
            guard var last = try Self.latest(db) else { throw JournalRules.noRun }
            try JournalRules.checkLock(last, owner: owner, isAlive: isAlive)
            if let stale = last.lockOwner, stale != owner {
                try Self.insert(JournalEvent(at: at, kind: .staleLock, detail: "pid \(stale.pid) is gone"), run: last.id, db)
            }
            try db.execute(sql: "UPDATE run SET lock_pid = ?, updated_at = ? WHERE id = ?",
                           arguments: [owner.pid, at.timeIntervalSince1970, last.id])
            last.lockOwner = owner; last.updatedAt = at
            return last
        }
    }

    public func releaseLock(run: RunID, owner: LockOwner) throws {
        _ = try write { db in
            try db.execute(sql: "UPDATE run SET lock_pid = NULL WHERE id = ? AND lock_pid = ?", arguments: [run, owner.pid])
        }
    }

    public func latestRun() throws -> RunRecord? { try read { try Self.latest($0) } }

    public func setRunState(_ state: RunState, run: RunID, at: Date) throws {
        _ = try write { db in
            try db.execute(sql: "UPDATE run SET state = ?, updated_at = ? WHERE id = ?",
                           arguments: [state.rawValue, at.timeIntervalSince1970, run])
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}
