/// The journal's table definitions, shared by the migrations that create them: SQLite cannot change
/// a CHECK constraint, so a migration that widens one rebuilds the table with the same definition and
/// other words. Each returns the SQL text a migration released (SQLite stores it, so `.schema` shows
/// it): change the text and a migrated journal's schema no longer equals a new one's.
enum JournalTables {
    /// One upgrade run; `states` are the words its `state` takes.
    static func run(_ name: String, states: String) -> String {
        """
        CREATE TABLE \(name) (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          plan_hash TEXT NOT NULL CHECK (length(plan_hash) > 0),
          plan_json TEXT NOT NULL CHECK (json_valid(plan_json)),
          options_json TEXT NOT NULL CHECK (json_valid(options_json)),
          started_at REAL NOT NULL,
          updated_at REAL NOT NULL,
          state TEXT NOT NULL CHECK (state IN (\(states))),
          lock_pid INTEGER CHECK (lock_pid IS NULL OR lock_pid > 0)
        );
        """
    }

    /// A run's events; `kinds` are the words its `kind` takes.
    static func event(_ name: String, kinds: String) -> String {
        """
        CREATE TABLE \(name) (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
          at REAL NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
          step TEXT,
          phase TEXT,
          detail TEXT
        );
        """
    }

    /// The columns of one journaled command (a `unit` of a run, an `undo` of a rollback): its state,
    /// times, exit status, output and attempts. Two-space indented lines, no final newline.
    static func commandColumns(states: String) -> String {
        """
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN (\(states))),
          started_at REAL,
          ended_at REAL,
          exit_status INTEGER,
          output_tail TEXT,
          message TEXT,
          attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        """
    }

    /// The checks that go with `commandColumns`: a running command has started, an ended one is not running.
    static let commandChecks = """
          CHECK (state <> 'running' OR (started_at IS NOT NULL AND attempts > 0)),
          CHECK (ended_at IS NULL OR state <> 'running')
        """
}
