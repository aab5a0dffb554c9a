import Foundation

/// Schema version and sync commands (§1.1, §2.2), `openstack-db`, and `mysqldump`.
/// A sync takes a few (scaled) seconds; the Icehouse nova sync needs the Havana head (216).
extension LabSession {
    static let manageTools: [String: (db: String, package: String)] = [
        "nova-manage": ("nova", "openstack-nova-common"), "keystone-manage": ("keystone", "openstack-keystone"),
        "glance-manage": ("glance", "openstack-glance"), "cinder-manage": ("cinder", "openstack-cinder"),
        "neutron-db-manage": ("neutron", "openstack-neutron"),
    ]
    /// Nominal seconds a schema sync takes (scaled by the lab time factor; ×10 under a slow-sync fault).
    static let syncSeconds = ["nova": 60.0, "keystone": 20, "glance": 10, "cinder": 10, "neutron": 15]

    func manage(_ tool: String, _ args: [String]) async -> Int32 {
        guard let (db, package) = Self.manageTools[tool], let h = snapshot()?.host(host), let version = h.packages[package] else {
            io.error("sh: \(tool): command not found\n"); return 127
        }
        let code = LabCatalog.release(ofVersion: version)
        let words = args.enumerated().filter { i, a in !a.hasPrefix("-") && !(i > 0 && args[i - 1] == "--config-file") }.map(\.1)
        let verb = words.joined(separator: " ")
        guard let state = snapshot() else { return 1 }
        guard LabMechanisms.running("mysqld", in: state) != nil else {
            io.error("\(LabMechanisms.logStamp(clock.now())) CRITICAL \(db) [-] OperationalError: (OperationalError) (2003, \"Can't connect to MySQL server\")\n")
            return 1
        }
        let current = state.databases[db] ?? "None"
        switch (db, verb) {
        case (_, "db version"), (_, "db_version"):
            io.print(current + "\n"); return 0
        case ("neutron", "current"):
            let url = "mysql://neutron:XXXXX@\(state.hosts.first?.address ?? "localhost")/ovs_neutron"
            io.error("INFO  [alembic.migration] Context impl MySQLImpl.\nINFO  [alembic.migration] Will assume non-transactional DDL.\n")
            // Alembic 0.6 prints the revision script as "down -> rev (head), doc": the icehouse revision's
            // down_revision is 5ac1c354a051 (neutron@2014.1 db/migration/alembic_migrations/versions/icehouse_release.py).
            let line = current == "None" ? "None" : current == "icehouse" ? "5ac1c354a051 -> icehouse (head), icehouse" : "1341ed32cc1e -> havana, havana"
            io.print("Current revision for \(url): \(line)\n"); return 0
        case ("keystone", "token_flush"): return 0
        case ("neutron", let v) where v.hasPrefix("stamp "):
            _ = try? store.update { (s: inout LabState) throws(LabError) in s.databases["neutron"] = String(v.dropFirst(6)) }
            return 0
        case ("neutron", let v) where v.hasPrefix("upgrade "):
            return await sync(db: db, code: code, current: current, target: String(v.dropFirst(8)))
        case (_, "db sync"), (_, "db_sync"):
            return await sync(db: db, code: code, current: current, target: "head")
        default:
            io.error("usage: \(tool) [-h] {db,...}: error: invalid choice: '\(verb)'\n"); return 2
        }
    }

    /// Runs a schema sync with the installed code: validates, takes its (scaled) time, then moves
    /// the schema and marks Havana daemons still using it as failed (db.old-code-new-schema).
    func sync(db: String, code: String, current: String, target: String) async -> Int32 {
        let head = (code == "icehouse" ? LabCatalog.icehouseSchema : LabCatalog.havanaSchema)[db] ?? current
        if db == "neutron" && current == "None" {
            io.error("sqlalchemy.exc.OperationalError: (OperationalError) (1050, \"Table 'networks' already exists\")\n"); return 1
        }
        if current == head { return 0 }
        if code == "havana" {
            io.error("DbMigrationError: the \(db) database is at version \(current), newer than this code knows (\(head))\n"); return 1
        }
        if db == "nova" && current != "216" {
            io.error("\(LabMechanisms.logStamp(clock.now())) CRITICAL nova [-] DbMigrationError: the nova database is at version \(current); Icehouse migrations start at 216 (INIT_VERSION 215): run the Havana db sync first\n")
            return 1
        }
        guard let state = snapshot() else { return 1 }
        if db == "glance", let bad = state.nonUTF8Tables["glance"], !bad.isEmpty {
            io.error("\(LabMechanisms.logStamp(clock.now())) CRITICAL glance [-] ValueError: Tables \"\(bad.joined(separator: ","))\" have non utf8 collation, please make sure all tables are CHARSET=utf8\n")
            return 1
        }
        let slow = state.faults.contains { $0.kind == .slowSync && $0.applies(host: host, command: "\(db) sync") }
        await clock.sleep((Self.syncSeconds[db] ?? 10) * state.timeFactor * (slow ? 10 : 1))
        _ = withHost { (s: inout LabState, _: Int) throws(LabError) -> Void in
            s.databases[db] = head
            for hi in s.hosts.indices {
                for (name, d) in s.hosts[hi].daemons where d.state == .running && d.code == "havana" && LabCatalog.daemon(name)?.database == db {
                    s.hosts[hi].daemons[name]?.state = .failed
                    s.hosts[hi].daemons[name]?.lastError = "DBError: the \(db) schema moved to \(head) under this Havana process"
                }
            }
        }
        return 0
    }

    /// `openstack-db --service SVC --update` (openstack-utils): checks the version, then the native sync.
    func openstackDB(_ args: [String]) async -> Int32 {
        guard let i = args.firstIndex(of: "--service"), i + 1 < args.count, args.contains("--update") else {
            io.error("Usage: openstack-db --service <service> --update\n"); return 1
        }
        let svc = args[i + 1]
        let tool = svc == "neutron" ? "neutron-db-manage" : "\(svc)-manage"
        guard Self.manageTools[tool] != nil else { io.error("Unknown service: \(svc)\n"); return 1 }
        if snapshot()?.databases[svc] == "None" { io.error("Can't determine the existing sync level.\n"); return 1 }
        let verb: [String] = svc == "neutron" ? ["upgrade", "head"] : ["nova", "cinder"].contains(svc) ? ["db", "sync"] : ["db_sync"]
        let status = await manage(tool, verb)
        if status == 0 { io.print("Complete!\n") }
        return status
    }

    /// `mysql [DB] -e 'SQL'`: the glance charset check and its fix (§2.3), nothing else.
    func mysql(_ args: [String]) -> Int32 {
        guard let state = snapshot(), LabMechanisms.running("mysqld", in: state) != nil else {
            io.error("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/lib/mysql/mysql.sock' (2)\n"); return 1
        }
        guard let i = args.firstIndex(where: { $0 == "-e" || $0 == "--execute" }), i + 1 < args.count else {
            return restore(String(decoding: readStdin(), as: UTF8.self))
        }
        let plain = args.contains("-N") || args.contains("--skip-column-names")
        for statement in args[i + 1].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
            let upper = statement.uppercased()
            if upper.hasPrefix("SET ") { continue }
            if upper.hasPrefix("SELECT"), upper.contains("INFORMATION_SCHEMA.TABLES"), upper.contains("NOT LIKE") {
                let db = ["glance", "neutron", "nova", "keystone", "cinder"].first { upper.contains("'\($0.uppercased())'") } ?? ""
                let tables = state.nonUTF8Tables[db] ?? []
                if !tables.isEmpty { io.print((plain ? "" : "TABLE_NAME\n") + tables.map { $0 + "\n" }.joined()) }
                continue
            }
            if upper.hasPrefix("ALTER TABLE"), upper.contains("CONVERT TO CHARACTER SET"), upper.contains("UTF8") {
                let name = statement.split(separator: " ")[2].replacingOccurrences(of: "`", with: "")
                let parts = name.split(separator: ".").map(String.init)
                let (db, table) = parts.count == 2 ? (parts[0], parts[1]) : (args.first { !$0.hasPrefix("-") && $0 != args[i + 1] } ?? "", parts[0])
                _ = try? store.update { (s: inout LabState) throws(LabError) in s.nonUTF8Tables[db]?.removeAll { $0 == table } }
                continue
            }
            io.error("ERROR 1064 (42000): You have an error in your SQL syntax (the lab emulates only the charset check and fix)\n")
            return 1
        }
        return 0
    }

    /// `mysql < dump`: a dump of `mysqldump` (above) puts each database back at its schema version.
    func restore(_ dump: String) -> Int32 {
        var restored: [(String, String)] = []
        var current: String?
        for line in dump.split(separator: "\n") {
            if line.hasPrefix("CREATE DATABASE `") { current = line.split(separator: "`").dropFirst().first.map(String.init) }
            if line.hasPrefix("-- schema version "), let db = current { restored.append((db, String(line.dropFirst("-- schema version ".count)))) }
        }
        guard !restored.isEmpty else { io.error("ERROR: the lab's mysql reads only its own dumps or -e 'SQL'\n"); return 1 }
        do { try store.update { (s: inout LabState) throws(LabError) in for (db, v) in restored { s.databases[db] = v } } } catch {
            io.error("lab: \(error)\n"); return 1
        }
        return 0
    }

    func mysqldump(_ args: [String]) -> Int32 {
        guard let state = snapshot(), LabMechanisms.running("mysqld", in: state) != nil else {
            io.error("mysqldump: Got error: 2002: Can't connect to local MySQL server through socket '/var/lib/mysql/mysql.sock' (2) when trying to connect\n")
            return 2
        }
        let dbs = args.filter { !$0.hasPrefix("-") }
        let all = args.contains("--all-databases") || args.contains("-A")
        let names = all ? state.databases.keys.sorted() : dbs
        var text = "-- MySQL dump 10.13  Distrib 5.1.73, for redhat-linux-gnu (x86_64)\n--\n"
        for n in names {
            guard let v = state.databases[n] else { io.error("mysqldump: Got error: 1049: Unknown database '\(n)' when selecting the database\n"); return 2 }
            text += "\nDROP DATABASE IF EXISTS `\(n)`;\nCREATE DATABASE `\(n)`;\n-- schema version \(v)\n"
        }
        text += "-- Dump completed\n"
        if let path = args.first(where: { $0.hasPrefix("--result-file=") }).map({ String($0.dropFirst("--result-file=".count)) }) {
            return writeFile(path, Array(text.utf8), append: false) ?? 0
        }
        io.print(text); return 0
    }
}
