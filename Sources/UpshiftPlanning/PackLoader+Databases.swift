import UpshiftModel

extension PackLoader {
    /// A database's `discover` queries run with the platform's `db-query-mysql`: only on a mysql database,
    /// each with a flag and a query that reads (`SELECT`, `SHOW`), never one that writes.
    static func databaseQueryProblems(_ pack: Pack, in doc: YAMLDocument) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (i, s) in pack.services.enumerated() {
            for (j, db) in s.databases.enumerated() {
                for (k, q) in db.discover.enumerated() {
                    // Format 2 writes `databases: [...]`; a service with one may write `database: {...}`.
                    let service: [YAMLDocument.PathKey] = [.key("services"), .index(i)]
                    let many = service + [.key("databases"), .index(j), .key("discover"), .index(k)]
                    let at = doc.location(ofKeys: many) != doc.location(ofKeys: service) ? many : service + [.key("database"), .key("discover"), .index(k)]
                    func fail(_ summary: String) {
                        out.append(Diagnostic(id: "pack.database-query", severity: .error, summary: "database \(db.name): \(summary)",
                                              subject: .init(location: doc.location(ofKeys: at))))
                    }
                    if db.engine != .mysql { fail("discover queries run on mysql databases only (this one is \(db.engine.rawValue))") }
                    if q.flag.isEmpty { fail("a discover query needs a flag") }
                    let verb = q.sql.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter }.uppercased()
                    if !["SELECT", "SHOW"].contains(verb) || q.sql.contains(";") {
                        fail("a discover query only reads: one SELECT or SHOW statement (got '\(q.sql.prefix(40))')")
                    }
                }
            }
        }
        return out
    }
}
