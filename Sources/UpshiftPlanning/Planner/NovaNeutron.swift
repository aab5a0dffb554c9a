import UpshiftModel

/// The Nova and Neutron phases and the VIF-event decisions (§3, §4.5).
extension PlanContext {
    /// Services outside Nova and Neutron, in the pack's reference order.
    var otherServices: [ServiceSpec] { pack.services.filter { enabled.contains($0.name) && $0.name != "nova" && $0.name != "neutron" } }

    mutating func otherServicePhases() {
        for svc in otherServices {
            let hosts = place.hosts(running: svc.name)
            guard !hosts.isEmpty else { continue }
            b.begin(PhaseInfo(id: PhaseID(svc.name.rawValue), title: svc.description.isEmpty ? svc.name.rawValue : svc.description,
                              summary: "Upgrade \(svc.name) on \(hosts.count) host(s) while the other services run.",
                              apisDown: svc.database != nil || svc.name == "swift" || svc.name == "horizon" ? [svc.name.rawValue] : [],
                              bootsAffected: svc.name == "keystone" || svc.name == "glance"))
            upgradeService(svc, on: hosts)
        }
    }

    /// Nova controllers: stop, back up, upgrade, migrate, (pin), sync (the point of no return), start.
    mutating func novaControllersPhase(pin: Bool, stopComputesToo: Bool) {
        guard let nova = spec("nova") else { return }
        let ctl = novaControllers
        b.begin(PhaseInfo(id: "nova-controllers", title: "Nova controller services",
            summary: pin ? "Upgrade nova-api, -scheduler, -conductor, -cert, -consoleauth, -novncproxy with the compute RPC API pinned to \(pack.rpcPin?.value ?? "the old version"); Havana computes keep running instances."
                         : "Stop Nova everywhere (computes included) and upgrade the controller services; running instances are unaffected.",
            apisDown: ["nova"], bootsAffected: true))
        if stopComputesToo {
            stop("nova", [waiter], on: computes, label: "computes", why: "no Havana compute may run next to unpinned Icehouse controllers (rpc.compute-pin)")
        }
        backup(nova)
        // Config is edited while the Havana services still run (they read it only at start; Havana
        // 2013.2.2+ understands the icehouse-compat pin), so the API outage is stop, upgrade, sync, start.
        migrateConfig(nova, on: ctl, label: ctl.count == 1 ? nil : "controllers")
        if pin, let p = pack.rpcPin {
            b.add(.pinRPC, service: "nova", hosts: ctl, label: ctl.count == 1 ? nil : "controllers",
                  params: .options(p.file, [OptionValue(option: p.option, value: p.value)]), reversible: true,
                  rollback: "restore the backup copy Upshift wrote next to \(p.file)",
                  why: "Havana computes understand \(p.value) (3.0), not Icehouse's newest compute RPC (§4.5)")
        }
        stop("nova", novaControllerDaemons, on: ctl, label: ctl.count == 1 ? nil : "controllers",
             why: "every controller-side nova service stops before the sync (db.old-code-new-schema)")
        upgradePackages(nova, on: ctl, label: ctl.count == 1 ? nil : "controllers")
        sync(nova)
        start("nova", novaControllerDaemons, on: ctl, label: ctl.count == 1 ? nil : "controllers")
        wait("nova", novaControllerDaemons, on: ctl, label: ctl.count == 1 ? nil : "controllers")
    }

    /// Neutron everywhere in one window (server, network agents, compute agents), with event delivery on or off.
    mutating func neutronPhase(events on: Bool) {
        guard usesNeutron, let neutron = spec("neutron") else { return }
        let hosts = place.hosts(running: "neutron")
        b.begin(PhaseInfo(id: "neutron", title: "Neutron (server and every agent, one window)",
            summary: on ? "Upgrade Neutron on every node and configure it to send VIF events to Nova (§3.5)."
                        : "Upgrade Neutron on every node with VIF event delivery off until the Nova API can receive events.",
            apisDown: ["neutron"], bootsAffected: true))
        upgradeService(neutron, on: hosts) { ctx in
            guard let ev = ctx.pack.events else { return }
            let servers = ctx.place.hosts(runningAny: [ev.sender])
            if on {
                ctx.setOptions("neutron", file: ev.senderFile, ev.senderOn, on: servers, why: "send network-vif-plugged to Nova (§3.4, §3.5)", verb: "events-on")
            } else {
                ctx.setOptions("neutron", file: ev.senderFile, ev.senderOff, on: servers, why: "the Havana nova-api cannot receive events yet (--events disable-neutron)", verb: "events-off")
            }
        }
    }

    /// Turns Neutron's event delivery on after the Nova API is on the new release (disable-neutron order).
    mutating func neutronEventsOnPhase() {
        guard usesNeutron, let ev = pack.events else { return }
        let servers = place.hosts(runningAny: [ev.sender])
        b.begin(PhaseInfo(id: "neutron-events", title: "Neutron event delivery on",
            summary: "The Nova API now has os-server-external-events: turn Neutron's notifications on before any Icehouse compute starts.",
            apisDown: ["neutron"]))
        setOptions("neutron", file: ev.senderFile, ev.senderOn, on: servers, why: "restore event delivery (§3.4)", verb: "events-on")
        restart("neutron", [ev.sender], on: servers, why: "load the notification options")
        wait("neutron", [ev.sender], on: servers)
    }

    /// Whether computes must run with the Nova-side escape while the pin is set (§3.3 #7 setting).
    var escapeWhilePinned: Bool {
        usesNeutron && options.settings["pinned_api_blocks_events"]?.lowercased() == "true"
    }
}
