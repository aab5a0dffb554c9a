import UpshiftModel

extension PlanContext {
    /// Stop → back up → upgrade → install new → migrate config → sync → start → wait, for one
    /// service on the given hosts (the RH5 per-service procedure, §4.1).
    mutating func upgradeService(_ svc: ServiceSpec, on hosts: [HostName], daemons: [DaemonName]? = nil,
                                 configure: ((inout PlanContext) -> Void)? = nil) {
        let ds = daemons ?? union(hosts.map { place.daemons(on: $0, service: svc.name) })
        // The dump comes first so the service's outage is only upgrade + sync (mysqldump --opt locks
        // the tables while it dumps, so the copy is consistent while the service still runs).
        backup(svc)
        stop(svc.name, ds, on: hosts, why: "RDO packages restart running services on upgrade (§2.1): stop first")
        upgradePackages(svc, on: hosts)
        installNew(svc, on: hosts)
        migrateConfig(svc, on: hosts)
        configure?(&self)
        sync(svc)
        let news = union(hosts.map { place.daemons(on: $0, service: svc.name, includeNew: true) }).filter { !ds.contains($0) }
        start(svc.name, news + ds, on: hosts)
        wait(svc.name, news + ds, on: hosts)
    }

    /// The id label of a host set: nil (the host's name) for one host, `N-hosts` otherwise.
    func label(_ hosts: [HostName]) -> String? { hosts.count == 1 ? nil : "\(hosts.count)-hosts" }

    /// Where the backup of a database goes on its host.
    func backupPath(_ db: DatabaseSpec) -> String {
        "/var/lib/upshift/backups/\(db.name)-\(pack.from)-\(r.inventoryRef.sha256.prefix(8)).\(db.engine == .mysql ? "sql" : "dump")"
    }

    func union(_ lists: [[DaemonName]]) -> [DaemonName] {
        var out: [DaemonName] = []
        for l in lists { for d in l where !out.contains(d) { out.append(d) } }
        return out
    }

    mutating func stop(_ s: ServiceName?, _ ds: [DaemonName], on hosts: [HostName], label: String? = nil, why: String? = nil) {
        guard !ds.isEmpty else { return }
        b.add(.stop, service: s, hosts: hosts, label: label, params: .daemons(ds), reversible: true,
              rollback: "start \(ds.map(\.rawValue).joined(separator: ", "))", why: why)
    }

    mutating func start(_ s: ServiceName?, _ ds: [DaemonName], on hosts: [HostName], label: String? = nil, why: String? = nil) {
        guard !ds.isEmpty else { return }
        b.add(.start, service: s, hosts: hosts, label: label, params: .daemons(ds), reversible: true,
              rollback: "stop \(ds.map(\.rawValue).joined(separator: ", "))", why: why)
    }

    mutating func restart(_ s: ServiceName?, _ ds: [DaemonName], on hosts: [HostName], label: String? = nil, why: String) {
        guard !ds.isEmpty else { return }
        b.add(.restart, service: s, hosts: hosts, label: label, params: .daemons(ds), reversible: true,
              rollback: "restart again after undoing the change that needed it", why: why)
    }

    mutating func wait(_ s: ServiceName?, _ ds: [DaemonName], on hosts: [HostName], label: String? = nil) {
        guard !ds.isEmpty else { return }
        b.add(.waitHealthy, service: s, hosts: hosts, label: label, params: .daemons(ds), reversible: true,
              rollback: "nothing to undo", why: "the next step starts only on a healthy service (§5.2)")
    }

    mutating func backup(_ svc: ServiceSpec) {
        guard let db = svc.database, let host = place.databaseHost(of: svc) else { return }
        var p = StepParams(); p.database = db.name
        p.path = backupPath(db)
        b.add(.backupDatabase, service: svc.name, hosts: [host], params: p, reversible: true,
              rollback: "nothing to undo (the dump stays on the host)",
              why: "schema downgrades are not supported: the dump is the only way back (§5.1)")
    }

    mutating func upgradePackages(_ svc: ServiceSpec, on hosts: [HostName], label: String? = nil) {
        b.add(.upgradePackages, service: svc.name, hosts: hosts, label: label, params: .packages(svc.packages), reversible: true,
              rollback: "yum downgrade of \(svc.packages.joined(separator: " ")) from a repository that still carries \(pack.from)",
              why: "move \(svc.name) to \(pack.to) code")
    }

    mutating func installNew(_ svc: ServiceSpec, on hosts: [HostName]) {
        guard !svc.install.isEmpty else { return }
        let targets = hosts.filter { h in place.host(h).map { host in svc.newDaemons.contains { host.has($0.role) } } ?? false }
        b.add(.installPackages, service: svc.name, hosts: targets, params: .packages(svc.install), reversible: true,
              rollback: "yum erase \(svc.install.joined(separator: " "))",
              why: "yum upgrade does not install packages new in \(pack.to) (§2.3)")
        let news = union(targets.map { place.daemons(on: $0, service: svc.name, includeNew: true) })
            .filter { d in svc.newDaemons.contains { $0.daemons.contains(d) } }
        if !news.isEmpty {
            b.add(.enable, service: svc.name, hosts: targets, params: .daemons(news), reversible: true,
                  rollback: "disable \(news.map(\.rawValue).joined(separator: ", "))", why: "start the new daemon at boot")
        }
    }

    mutating func migrateConfig(_ svc: ServiceSpec, on hosts: [HostName], label: String? = nil) {
        for f in svc.config {
            let targets = f.roles.isEmpty ? hosts : hosts.filter { h in f.roles.contains { place.host(h)?.has($0) == true } }
            var p = StepParams(); p.file = f.file; p.service = svc.name
            b.add(.migrateConfig, service: svc.name, hosts: targets, label: label ?? (targets.count == 1 ? nil : "\(targets.count)-hosts"),
                  params: p, reversible: true, rollback: "restore the backup copy Upshift wrote next to \(f.file)",
                  why: "option renames and removals of \(pack.to) (§7); deprecated names are kept unless asked", verb: "migrate-\(baseName(f.file))")
        }
    }

    func baseName(_ path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }

    mutating func sync(_ svc: ServiceSpec) {
        guard let db = svc.database, let host = place.databaseHost(of: svc) else { return }
        for (i, cmd) in db.preSync.enumerated() {
            var p = StepParams(); p.command = cmd; p.user = db.user
            b.add(.run, service: svc.name, hosts: [host], params: p, reversible: true, rollback: "nothing to undo",
                  why: "before the schema sync (\(svc.name))", verb: "pre-sync-\(i + 1)")
        }
        var p = StepParams(); p.database = db.name; p.command = db.sync; p.user = db.user; p.path = backupPath(db)
        let ponr = db.pointOfNoReturn && !b.steps.contains { $0.pointOfNoReturn }
        // Syncs before the point of no return are undone by restoring their dump; the pack marks the
        // database after whose sync restoring is no longer a rollback (nova: instances change at once).
        b.add(.syncSchema, service: svc.name, hosts: [host], params: p, reversible: !db.pointOfNoReturn && db.engine == .mysql,
              rollback: "restore the \(db.name) dump \(backupPath(db)) and reinstall \(pack.from) packages",
              why: ponr ? "the point of no return: \(db.name) cannot be downgraded (§5.1)" : "\(db.name) schema to \(pack.to)",
              idempotent: true, pointOfNoReturn: ponr, verb: "db-sync")
    }

    mutating func setOptions(_ s: ServiceName, file: String, _ values: [OptionValue], on hosts: [HostName],
                             label: String? = nil, why: String, verb: String) {
        guard !values.isEmpty else { return }
        b.add(.setOption, service: s, hosts: hosts, label: label, params: .options(file, resolveHosts(values)), reversible: true,
              rollback: "restore the backup copy Upshift wrote next to \(file)", why: why, verb: verb)
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
