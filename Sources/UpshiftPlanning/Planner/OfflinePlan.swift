import UpshiftModel

/// The offline method: one window in which every service is down.
enum OfflinePlan {
    static func build(_ c: inout PlanContext) {
        let hosts = c.allHosts
        let every = c.union(hosts.map { c.place.daemons(on: $0) })
        c.b.begin(PhaseInfo(id: "stop", title: "Stop everything",
            summary: "Every OpenStack service on every host stops: all APIs are unavailable until the start phase; running instances keep running.",
            apisDown: ["all"], bootsAffected: true))
        c.stop(nil, every, on: hosts, label: "all", why: "offline: one window for all services (RH5 upgrade-1)")
        c.b.begin(PhaseInfo(id: "backup", title: "Back up every database", summary: "A dump of each database before any schema sync.", apisDown: ["all"], bootsAffected: true))
        let services = c.pack.services.filter { c.enabled.contains($0.name) }
        for s in services { c.backup(s) }
        c.b.begin(PhaseInfo(id: "upgrade", title: "Upgrade packages", summary: "Every service's packages to \(c.pack.to) on every host.", apisDown: ["all"], bootsAffected: true))
        for s in services {
            c.upgradePackages(s, on: c.place.hosts(running: s.name), label: c.label(c.place.hosts(running: s.name)))
            c.installNew(s, on: c.place.hosts(running: s.name))
        }
        c.b.begin(PhaseInfo(id: "config", title: "Configuration", summary: "Option migrations, and Neutron's VIF-event settings before any compute starts (§3.4).", apisDown: ["all"], bootsAffected: true))
        for s in services { c.migrateConfig(s, on: c.place.hosts(running: s.name)) }
        let escape = c.options.events == .disableNova && c.usesNeutron
        if c.usesNeutron, let ev = c.pack.events {
            let servers = c.place.hosts(runningAny: [ev.sender])
            c.setOptions("neutron", file: ev.senderFile, ev.senderOn, on: servers, why: "Neutron sends VIF events once started (§3.4: configure them before starting Icehouse computes)", verb: "events-on")
            if escape {
                c.setOptions("nova", file: ev.waiterFile, ev.waiterEscape, on: c.computes, label: "computes", why: "--events disable-nova: computes expect no events until restored", verb: "events-escape")
            }
        }
        c.decide("events.order", escape ? "Computes start expecting no VIF events; the defaults are restored at the end." :
                    "Neutron is configured to send VIF events before anything starts; the computes start last.",
                 "Offline upgrades start everything together; the Nova API must be up before Neutron sends events and Neutron must send them before an Icehouse compute waits (RDO-IH, §3.4).")
        c.b.begin(PhaseInfo(id: "schema", title: "Schema syncs", summary: "Each database to \(c.pack.to), in dependency order; the Nova sync is the point of no return.", apisDown: ["all"], bootsAffected: true))
        for s in services { c.sync(s) }
        c.b.begin(PhaseInfo(id: "start", title: "Start everything", summary: "Services start in dependency order; computes last.", apisDown: ["all"], bootsAffected: true))
        let computeSide: Set<DaemonName> = [c.waiter, "openstack-ceilometer-compute"]
        for s in services {
            let hs = c.place.hosts(running: s.name)
            let ds = c.union(hs.map { c.place.daemons(on: $0, service: s.name, includeNew: true) }).filter { !computeSide.contains($0) }
            c.start(s.name, ds, on: hs.filter { h in !c.place.daemons(on: h, service: s.name, includeNew: true).filter { ds.contains($0) }.isEmpty }, label: nil)
        }
        let cds = c.union(c.computes.map { h in c.place.daemons(on: h).filter { computeSide.contains($0) } })
        c.start(nil, cds, on: c.computes, label: "computes")
        let computeSet = Set(c.computes), controllerSet = Set(c.novaControllers)
        c.wait(nil, every.filter { !computeSide.contains($0) }, on: hosts.filter { !computeSet.contains($0) || controllerSet.contains($0) }, label: "services")
        c.wait(nil, cds, on: c.computes, label: "computes")
        if escape { c.restoreEventDefaults() }
    }
}
