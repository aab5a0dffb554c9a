import GRDB

/// v3: rollbacks journaled like runs (the `undo` table), the run states `rolling-back` and
/// `rollback-failed`, and the event kinds `lock-broken`, `notify-dropped` and `window-closed`.
///
/// SQLite cannot change a CHECK constraint, so `run` and `event` are rebuilt the way SQLite
/// documents (create the new table, copy, drop, rename); GRDB runs a migration with foreign keys
/// off and checks them all before it commits.
enum JournalSchemaV3 {
    static let runStates = "'running','paused','failed','interrupted','completed','rolled-back','rolling-back','rollback-failed'"
    static let kinds = "'started','resumed','paused','confirmed','declined','interrupted','finished','point-of-no-return','stale-lock','rollback',"
        + "'lock-broken','notify-dropped','window-closed'"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE run_v3 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              plan_hash TEXT NOT NULL CHECK (length(plan_hash) > 0),
              plan_json TEXT NOT NULL CHECK (json_valid(plan_json)),
              options_json TEXT NOT NULL CHECK (json_valid(options_json)),
              started_at REAL NOT NULL,
              updated_at REAL NOT NULL,
              state TEXT NOT NULL CHECK (state IN (\(runStates))),
              lock_pid INTEGER CHECK (lock_pid IS NULL OR lock_pid > 0)
            );
            INSERT INTO run_v3 SELECT id, plan_hash, plan_json, options_json, started_at, updated_at, state, lock_pid FROM run;
            DROP TABLE run;
            ALTER TABLE run_v3 RENAME TO run;
            CREATE TABLE event_v3 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              at REAL NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
              step TEXT,
              phase TEXT,
              detail TEXT
            );
            INSERT INTO event_v3 SELECT id, run_id, at, kind, step, phase, detail FROM event;
            DROP TABLE event;
            ALTER TABLE event_v3 RENAME TO event;
            CREATE INDEX event_run ON event(run_id, id);
            CREATE TABLE undo (
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              rollback_no INTEGER NOT NULL CHECK (rollback_no > 0),
              position INTEGER NOT NULL CHECK (position >= 0),
              step TEXT NOT NULL CHECK (length(step) > 0),
              host TEXT NOT NULL CHECK (length(host) > 0),
              item_json TEXT NOT NULL CHECK (json_valid(item_json)),
              state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','succeeded','failed','skipped','interrupted')),
              started_at REAL,
              ended_at REAL,
              exit_status INTEGER,
              output_tail TEXT,
              message TEXT,
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              PRIMARY KEY (run_id, rollback_no, position),
              CHECK (state <> 'running' OR (started_at IS NOT NULL AND attempts > 0)),
              CHECK (ended_at IS NULL OR state <> 'running')
            );
            """)
    }
}
