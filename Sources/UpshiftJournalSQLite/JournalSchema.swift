import GRDB
import UpshiftExecution

/// The journal's schema. Migrations are append-only: never edit one that has been released.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            // The words as they were when v1 was released (a migration never changes): later ones come in later migrations.
            let runStates = "'running','paused','failed','interrupted','completed','rolled-back'"
            let unitStates = "'pending','running','succeeded','failed','skipped','interrupted','rolled-back'"
            let kinds = "'started','resumed','paused','confirmed','declined','interrupted','finished','point-of-no-return','stale-lock','rollback'"
            try db.execute(sql: """
                CREATE TABLE run (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  plan_hash TEXT NOT NULL CHECK (length(plan_hash) > 0),
                  plan_json TEXT NOT NULL CHECK (json_valid(plan_json)),
                  options_json TEXT NOT NULL CHECK (json_valid(options_json)),
                  started_at REAL NOT NULL,
                  updated_at REAL NOT NULL,
                  state TEXT NOT NULL CHECK (state IN (\(runStates))),
                  lock_pid INTEGER CHECK (lock_pid IS NULL OR lock_pid > 0)
                );
                CREATE TABLE unit (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL CHECK (position >= 0),
                  step TEXT NOT NULL CHECK (length(step) > 0),
                  host TEXT NOT NULL CHECK (length(host) > 0),
                  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN (\(unitStates))),
                  started_at REAL,
                  ended_at REAL,
                  exit_status INTEGER,
                  output_tail TEXT,
                  message TEXT,
                  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                  PRIMARY KEY (run_id, step, host),
                  UNIQUE (run_id, position),
                  CHECK (state <> 'running' OR (started_at IS NOT NULL AND attempts > 0)),
                  CHECK (ended_at IS NULL OR state <> 'running')
                );
                CREATE TABLE variable (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  name TEXT NOT NULL CHECK (length(name) > 0),
                  value TEXT NOT NULL,
                  step TEXT NOT NULL,
                  PRIMARY KEY (run_id, name)
                );
                CREATE TABLE event (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  at REAL NOT NULL,
                  kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
                  step TEXT,
                  phase TEXT,
                  detail TEXT
                );
                CREATE INDEX event_run ON event(run_id, id);
                """)
        }
        m.registerMigration("v2-probe") { db in
            try db.execute(sql: """
                CREATE TABLE probe (
                  run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
                  report_json TEXT NOT NULL CHECK (json_valid(report_json))
                );
                """)
        }
        m.registerMigration("v3-rollback-undo") { db in try JournalSchemaV3.migrate(db) }
        return m
    }
}
