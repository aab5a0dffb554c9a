import GRDB
import UpshiftExecution

/// The journal's schema. Migrations are append-only: never edit one that has been released (the SQL
/// they run is checked against Tests/UpshiftExecutionTests/Golden/journal-schema.sql).
enum JournalSchema {
    // The words as they were when v1 was released (a migration never changes): later ones come in later migrations.
    static let v1RunStates = "'running','paused','failed','interrupted','completed','rolled-back'"
    static let v1UnitStates = "'pending','running','succeeded','failed','skipped','interrupted','rolled-back'"
    static let v1Kinds = "'started','resumed','paused','confirmed','declined','interrupted','finished','point-of-no-return','stale-lock','rollback'"

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in try migrateV1(db) }
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

    static func migrateV1(_ db: Database) throws {
        try db.execute(sql: JournalTables.run("run", states: v1RunStates) + """

            CREATE TABLE unit (
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              position INTEGER NOT NULL CHECK (position >= 0),
              step TEXT NOT NULL CHECK (length(step) > 0),
              host TEXT NOT NULL CHECK (length(host) > 0),
            \(JournalTables.commandColumns(states: v1UnitStates))
              PRIMARY KEY (run_id, step, host),
              UNIQUE (run_id, position),
            \(JournalTables.commandChecks)
            );
            CREATE TABLE variable (
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              name TEXT NOT NULL CHECK (length(name) > 0),
              value TEXT NOT NULL,
              step TEXT NOT NULL,
              PRIMARY KEY (run_id, name)
            );

            """ + JournalTables.event("event", kinds: v1Kinds) + """

            CREATE INDEX event_run ON event(run_id, id);
            """)
    }
}
