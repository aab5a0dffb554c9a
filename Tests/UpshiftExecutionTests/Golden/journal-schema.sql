CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE unit (
  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  step TEXT NOT NULL CHECK (length(step) > 0),
  host TEXT NOT NULL CHECK (length(host) > 0),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','succeeded','failed','skipped','interrupted','rolled-back')),
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
CREATE TABLE probe (
  run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
  report_json TEXT NOT NULL CHECK (json_valid(report_json))
);
CREATE TABLE "run" (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_hash TEXT NOT NULL CHECK (length(plan_hash) > 0),
  plan_json TEXT NOT NULL CHECK (json_valid(plan_json)),
  options_json TEXT NOT NULL CHECK (json_valid(options_json)),
  started_at REAL NOT NULL,
  updated_at REAL NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running','paused','failed','interrupted','completed','rolled-back','rolling-back','rollback-failed')),
  lock_pid INTEGER CHECK (lock_pid IS NULL OR lock_pid > 0)
);
CREATE TABLE "event" (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  at REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('started','resumed','paused','confirmed','declined','interrupted','finished','point-of-no-return','stale-lock','rollback','lock-broken','notify-dropped','window-closed')),
  step TEXT,
  phase TEXT,
  detail TEXT
);
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
-- migrations: v1, v2-probe, v3-rollback-undo
