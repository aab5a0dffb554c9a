import Foundation
import GRDB
import UpshiftExecution
import UpshiftModel

/// The durable journal: one SQLite file (`journal.sqlite` in the state directory) in WAL mode,
/// so `status` reads while `apply` writes. Every method commits before it returns.
///
/// Durability: GRDB runs a pool's WAL with `synchronous = NORMAL`: a commit survives a crash of
/// upshift (SIGKILL included) but may be lost, with the ones after it, if the machine loses power or
/// its OS crashes before the next WAL sync. `recordStartedDurably` commits with `synchronous = FULL`
/// (the WAL is fsynced at that commit, and with it everything before), which the executor uses
/// before a once-only unit starts; other records cost no fsync each.
public final class SQLiteJournal: Journal, @unchecked Sendable {
    private let db: any DatabaseWriter
    /// The journal file, named in every message about a damaged row.
    public let path: String
    // Invariant (what makes the class Sendable): `observed` is read and written only under `observedLock`.
    private let observedLock = NSLock()
    private var observed: Int?
    /// The `synchronous` level the last durable write's transaction ran under (2 = FULL), as SQLite
    /// reported it inside that transaction: what the tests check.
    var lastDurableWriteSynchronous: Int? { observedLock.withLock { observed } }

    /// Opens (creating if needed, mode 0600) the journal file at `path` and runs the migrations.
    /// `readOnly` (status, report): opens without writing anything, so a journal on read-only
    /// media or owned by someone else can be read; no migration runs and every write fails.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        do {
            if readOnly {
                config.readonly = true
                db = try DatabaseQueue(path: path, configuration: config)
                _ = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            } else {
                try Self.createPrivately(path)
                db = try DatabasePool(path: path, configuration: config)
                try JournalSchema.migrator.migrate(db)
            }
        } catch {
            throw JournalError(.storage, "cannot open the journal \(path)\(readOnly ? " (read-only)" : ""): \(error)")
        }
    }

    /// Creates the journal file 0600 before SQLite does (its -wal and -shm files take the same
    /// mode), and closes an existing one of ours that is open to others: output tails may name hosts.
    static func createPrivately(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 { close(fd); return }
        var st = stat()
        if lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o077 != 0 {
            for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
        }
    }

    /// Runs `body` in an IMMEDIATE transaction, so two processes never decide on the same stale read.
    /// `durable`: the commit runs under `synchronous = FULL` (restored to NORMAL after), so it is on
    /// disk when this returns even if the machine then loses power.
    func write<T>(durable: Bool = false, _ body: (Database) throws -> T) throws -> T {
        do {
            return try db.writeWithoutTransaction { db in
                var result: T?
                if durable { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    if durable {
                        let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
                        observedLock.withLock { observed = level }
                    }
                    return .commit
                }
                return result!
            }
        } catch let e as JournalError { throw e } catch { throw JournalError(.storage, "journal write failed: \(error)") }
    }

    /// The writer connection's `synchronous` level now (1 = NORMAL, 2 = FULL).
    func writerSynchronous() throws -> Int? {
        try db.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.read(body) } catch let e as JournalError { throw e } catch {
            throw JournalError(.storage, "journal read failed (\(path)): \(error)")
        }
    }

    public func beginRun(plan: Plan, planHash: String, options: RunOptions, owner: LockOwner, at: Date,
                         isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        let planJSON = try Self.json(plan), optionsJSON = try Self.json(options)
        let id: RunID = try write { db in
            if let last = try Self.latest(db, path: path) {
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
            try Self.insert(JournalEvent(at: at, kind: .started, detail: "pid \(owner.pid), upshift \(UpshiftVersion.current)"), run: id, db)
            return id
        }
        return try latestRun().flatMap { $0.id == id ? $0 : nil } ?? { throw JournalError(.storage, "run \(id) vanished") }()
    }

    public func takeOver(owner: LockOwner, at: Date, isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        try write { db in
            guard var last = try Self.latest(db, path: path) else { throw JournalRules.noRun }
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

    public func latestRun() throws -> RunRecord? { try read { try Self.latest($0, path: path) } }
    public func runs() throws -> [RunRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map { try Self.record($0, path: path) } }
    }

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
