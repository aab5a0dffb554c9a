import GRDB

/// v3: rollbacks journaled like runs (the `undo` table), the run states `rolling-back` and
/// `rollback-failed`, and the event kinds `lock-broken`, `notify-dropped` and `window-closed`.
///
/// SQLite cannot change a CHECK constraint, so `run` and `event` are rebuilt the way SQLite
/// documents (create the new table with v1's definition and the new words, copy, drop, rename); GRDB
/// runs a migration with foreign keys off and checks them all before it commits.
enum JournalSchemaV3 {
    static let runStates = JournalSchema.v1RunStates + ",'rolling-back','rollback-failed'"
    static let kinds = JournalSchema.v1Kinds + ",'lock-broken','notify-dropped','window-closed'"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: JournalTables.run("run_v3", states: runStates) + """

            INSERT INTO run_v3 SELECT id, plan_hash, plan_json, options_json, started_at, updated_at, state, lock_pid FROM run;
            DROP TABLE run;
            ALTER TABLE run_v3 RENAME TO run;

            """ + JournalTables.event("event_v3", kinds: kinds) + """

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
            \(JournalTables.commandColumns(states: "'pending','running','succeeded','failed','skipped','interrupted'"))
              PRIMARY KEY (run_id, rollback_no, position),
            \(JournalTables.commandChecks)
            );
            """)
    }
}
