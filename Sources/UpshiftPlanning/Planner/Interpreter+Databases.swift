import UpshiftModel

/// The step kinds that expand over the service's data: its databases and its config files.
extension PlanContext {
    /// One backup per database of the service, on the host where it is synced.
    mutating func backupSteps(_ base: Emit, _ scope: Scope) {
        guard let svc = scope.service else { return }
        for db in svc.databases {
            guard let host = place.databaseHost(of: svc, db: db) else { continue }
            var e = base
            e.hosts = [host]; e.label = nil
            e.params.database = db.name
            e.params.path = backupPath(db)
            emit(e, scope)
        }
    }

    /// Per database: its `pre_sync` commands, then the sync. The first sync of a database the pack
    /// marks `point_of_no_return` is the plan's point of no return; a sync before it is undone by
    /// restoring its (mysql) dump.
    mutating func syncSteps(_ base: Emit, _ scope: Scope) {
        guard let svc = scope.service else { return }
        for db in svc.databases {
            guard let host = place.databaseHost(of: svc, db: db) else { continue }
            for (i, cmd) in db.preSync.enumerated() {
                var e = base
                e.action = .run; e.hosts = [host]; e.label = nil; e.textsKey = "pre-sync"
                e.params.command = cmd; e.params.user = db.user
                e.verb = "pre-sync-\(i + 1)"
                emit(e, scope)
            }
            var e = base
            e.hosts = [host]; e.label = nil
            e.params.database = db.name; e.params.command = db.sync; e.params.user = db.user; e.params.path = backupPath(db)
            e.pointOfNoReturn = db.pointOfNoReturn && !b.steps.contains { $0.pointOfNoReturn }
            e.reversible = !db.pointOfNoReturn && db.engine == .mysql
            e.verb = base.verb ?? "db-sync"
            emit(e, scope)
        }
    }

    /// One edit per config file of the service, on the hosts of the file's roles.
    mutating func migrateSteps(_ base: Emit, _ scope: Scope) {
        guard let svc = scope.service else { return }
        for f in svc.config {
            var e = base
            e.hosts = f.roles.isEmpty ? base.hosts : base.hosts.filter { h in f.roles.contains { place.host(h)?.has($0) == true } }
            e.params.file = f.file; e.params.service = svc.name
            e.verb = base.verb ?? "migrate-\(String(f.file.split(separator: "/").last ?? Substring(f.file)))"
            emit(e, scope)
        }
    }

    /// Where the backup of a database goes on its host.
    func backupPath(_ db: DatabaseSpec) -> String {
        "/var/lib/upshift/backups/\(db.name)-\(pack.from)-\(r.inventoryRef.sha256.prefix(8)).\(db.engine == .mysql ? "sql" : "dump")"
    }

    /// Replaces plan-time placeholders `{{host:DAEMON}}` with the address of the first host running DAEMON.
    func resolveHosts(_ values: [OptionValue]) -> [OptionValue] {
        values.map { v in
            var out = v
            while let open = out.value.firstRange(of: "{{host:"), let close = out.value[open.upperBound...].firstRange(of: "}}") {
                let daemon = DaemonName(String(out.value[open.upperBound..<close.lowerBound]))
                out.value.replaceSubrange(open.lowerBound..<close.upperBound, with: place.address(ofFirst: daemon) ?? "127.0.0.1")
            }
            return out
        }
    }
}
