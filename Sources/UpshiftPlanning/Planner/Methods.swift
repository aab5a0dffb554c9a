import UpshiftModel

/// The three methods as sequences of phases, and the decisions they record.
extension PlanContext {
    /// Live: other services one by one, Nova controllers pinned, Neutron, computes in batches, verified unpin.
    mutating func live() {
        otherServicePhases()
        let escape = escapeWhilePinned
        switch options.events {
        case .auto:
            decide("events.order", "Nova controllers, then Neutron sending VIF events, then the computes (the safe order).",
                   "Neutron notifies Nova through the Icehouse-only os-server-external-events API; an Icehouse compute waits for those events (RDO-IH, §3.4).")
            pinHavanaComputesPhase()
            novaControllersPhase(pin: true, stopComputesToo: false)
            neutronPhase(events: true)
            computePhases(ComputeMode(pin: true, escape: escape, keepDisabled: false))
            unpinPhase(restoreEvents: escape)
        case .disableNeutron:
            decide("events.order", "Neutron first with event delivery off, then the Nova controllers, then delivery on, then the computes.",
                   "--events disable-neutron: the Havana nova-api cannot receive events, so Neutron must not send them until it is upgraded; delivery is back on before any Icehouse compute starts (§3.4).")
            neutronPhase(events: false)
            pinHavanaComputesPhase()
            novaControllersPhase(pin: true, stopComputesToo: false)
            neutronEventsOnPhase()
            computePhases(ComputeMode(pin: true, escape: escape, keepDisabled: false))
            unpinPhase(restoreEvents: escape)
        case .disableNova:
            decide("events.order", "Nova controllers, then the computes expecting no VIF events (kept out of the scheduler), then Neutron, then the event defaults restored.",
                   "--events disable-nova: computes run vif_plugging_is_fatal=False and vif_plugging_timeout=0 until Neutron sends events (RDO-IH). Upgraded computes stay disabled in the scheduler until Neutron runs Icehouse, because an Icehouse compute with a Havana neutron-server would not wire security groups for new ports (vif.hybrid-plug, §3.3 #8).")
            pinHavanaComputesPhase()
            novaControllersPhase(pin: true, stopComputesToo: false)
            computePhases(ComputeMode(pin: true, escape: true, keepDisabled: true))
            neutronPhase(events: true)
            reenableComputes()
            unpinPhase(restoreEvents: true)
        }
        if let pin = pack.rpcPin {
            decide("rpc.pin", "Compute RPC pinned to \(pin.value) on every Havana compute (restarted) before the Nova controllers change, on the controllers, and on each compute as it is upgraded, until every compute runs \(pack.to); then a verified unpin.",
                   "Havana computes (2013.2.3 or newer) understand 3.0 messages; Icehouse computes serve only 3.x, and an unpinned Havana compute sends its peers 2.x (resize, cold and live migration), so no Havana compute may meet an Icehouse one unpinned (§4.5 step 0, §12 #1).")
        }
        if usesNeutron {
            decide("events.pinned-api", escape ? "Icehouse computes expect no VIF events while the pin is set; defaults restored after the unpin."
                                               : "Icehouse computes keep the event defaults while pinned (pinned_api_blocks_events=false).",
                   "§3.3 #7 (derived, unconfirmed): a pinned nova-api may not forward events. Pack setting pinned_api_blocks_events=\(options.settings["pinned_api_blocks_events"] ?? "?").")
        }
    }

    /// Service by service (RH5 scenarios 2-3): each service while the others run; Nova stopped everywhere for its window.
    mutating func serviceByService() {
        otherServicePhases()
        switch options.events {
        case .disableNeutron:
            decide("events.order", "RH5's order: Neutron before Nova with event delivery off; on again once the Nova API is upgraded, before the computes start.",
                   "--events disable-neutron keeps the published service-by-service order (RH5 upgrade-2) and avoids events sent to a Havana nova-api (§3.3 #1).")
            neutronPhase(events: false)
            novaControllersPhase(pin: false, stopComputesToo: true)
            neutronEventsOnPhase()
            computePhases(ComputeMode(pin: false, escape: false, keepDisabled: false))
        case .disableNova:
            decide("events.order", "Nova (controllers, then computes expecting no events, kept out of the scheduler), then Neutron, then the event defaults restored.",
                   "--events disable-nova (RDO-IH); upgraded computes stay disabled until Neutron runs Icehouse (vif.hybrid-plug, §3.3 #8).")
            novaControllersPhase(pin: false, stopComputesToo: true)
            computePhases(ComputeMode(pin: false, escape: true, keepDisabled: true))
            neutronPhase(events: true)
            reenableComputes()
            restoreEventDefaults()
        case .auto:
            decide("events.order", "Nova controllers, then Neutron sending VIF events, then the computes.",
                   "RH5's service order puts Neutron before Nova; Upshift moves Neutron between the Nova controllers and the computes so the Nova API can receive events when Neutron sends them (RDO-IH, §3.4). --events disable-neutron keeps RH5's order.")
            novaControllersPhase(pin: false, stopComputesToo: true)
            neutronPhase(events: true)
            computePhases(ComputeMode(pin: false, escape: false, keepDisabled: false))
        }
        decide("nova.window", "Nova is stopped on every host (computes included) from the controller upgrade until each compute's batch.",
               "Without an RPC pin no Havana compute may run next to Icehouse controllers (rpc.compute-pin); running instances are unaffected, new boots wait.")
    }

    /// Offline: everything stopped, upgraded, synced in order, started (RH5 scenario 1; RDO-UP option 1).
    mutating func offline() {
        OfflinePlan.build(&self)
    }

    mutating func decide(_ id: String, _ summary: String, _ reason: String) {
        decisions.append(Decision(id: id, summary: summary, reason: reason))
    }

    mutating func reenableComputes() {
        guard let api = place.apiHost, !computes.isEmpty else { return }
        b.begin(PhaseInfo(id: "computes-enable", title: "Computes back in the scheduler",
                          summary: "Neutron runs \(pack.to) and sends events: the upgraded computes take instances again."))
        var e = StepParams(); e.targets = computes; e.daemons = [waiter]
        b.add(.enableCompute, service: "nova", hosts: [api], label: "computes", params: e, reversible: true,
              rollback: "nova service-disable", why: "Neutron now runs \(pack.to) (vif.hybrid-plug no longer applies)")
    }

    mutating func restoreEventDefaults() {
        guard let ev = pack.events, !computes.isEmpty else { return }
        b.begin(PhaseInfo(id: "events-restore", title: "VIF event defaults restored",
                          summary: "Neutron sends events: computes wait for them again (vif_plugging_is_fatal=True, vif_plugging_timeout=300)."))
        setOptions("nova", file: ev.waiterFile, ev.waiterDefaults, on: computes, label: "computes", why: "§3.3 #4: the escape is temporary", verb: "events-restore")
        restart("nova", [waiter], on: computes, label: "computes", why: "load the restored event settings")
        wait("nova", [waiter], on: computes, label: "computes")
    }
}
