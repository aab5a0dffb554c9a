import UpshiftModel

/// Compute batches: canary first, then batches of `--batch-size` (within groups with `--by-group`).
extension PlanContext {
    func batches() -> [[HostName]] {
        let hosts = computes
        guard !hosts.isEmpty else { return [] }
        let size = max(1, options.batchSize)
        let canary = min(max(0, options.canary), hosts.count)
        var out: [[HostName]] = canary > 0 ? [Array(hosts.prefix(canary))] : []
        let rest = Array(hosts.dropFirst(canary))
        if options.byGroup {
            var order: [String] = [], groups: [String: [HostName]] = [:]
            for h in rest {
                let g = place.host(h)?.group ?? ""
                if groups[g] == nil { order.append(g) }
                groups[g, default: []].append(h)
            }
            for g in order { out += chunks(groups[g]!, size) }
        } else {
            out += chunks(rest, size)
        }
        return out
    }

    func chunks(_ a: [HostName], _ n: Int) -> [[HostName]] {
        stride(from: 0, to: a.count, by: n).map { Array(a[$0..<min($0 + n, a.count)]) }
    }

    struct ComputeMode {
        var pin: Bool
        var escape: Bool
        /// Keep upgraded computes out of the scheduler until Neutron runs the new release (vif.hybrid-plug).
        var keepDisabled: Bool
    }

    /// Upgrades the computes batch by batch; each batch is drained from the scheduler while it changes.
    mutating func computePhases(_ mode: ComputeMode) {
        guard let nova = spec("nova"), let api = place.apiHost else { return }
        let all = batches()
        for (i, batch) in all.enumerated() {
            let isCanary = i == 0 && options.canary > 0
            if i == 0 || (i == 1 && all.count > 1 && options.canary > 0) {
                b.begin(PhaseInfo(id: isCanary ? "computes-canary" : "computes",
                    title: isCanary ? "Canary compute(s)" : "Computes in batches",
                    summary: isCanary ? "Upgrade \(batch.count) compute(s) first and prove a boot works before the rest."
                                      : "Upgrade the remaining computes \(options.byGroup ? "group by group" : "in batches of \(options.batchSize)"); instances keep running.",
                    bootsAffected: false))
            }
            b.batch = i
            let label = "batch-\(String(i).leftPadded(2))"
            let lbl = batch.count == 1 ? nil : label
            var p = StepParams(); p.targets = batch; p.daemons = [waiter]
            b.add(.disableCompute, service: "nova", hosts: [api], label: label, params: p, reversible: true,
                  rollback: "nova service-enable", why: "no new instance is scheduled to a compute while it changes (§4.5 7a)")
            let ds = union(batch.map { place.daemons(on: $0, service: "nova") })
            stop("nova", ds, on: batch, label: lbl)
            upgradePackages(nova, on: batch, label: lbl)
            if options.osUpgrade {
                b.add(.osUpgrade, service: nil, hosts: batch, label: label, reversible: false,
                      rollback: "none: base OS packages are not downgraded", why: "--os-upgrade: base OS packages updated while the compute is drained")
            }
            migrateConfig(nova, on: batch, label: lbl)
            if mode.pin, let pin = pack.rpcPin {
                b.add(.pinRPC, service: "nova", hosts: batch, label: lbl, params: .options(pin.file, [OptionValue(option: pin.option, value: pin.value)]),
                      reversible: true, rollback: "restore the backup copy Upshift wrote next to \(pin.file)",
                      why: "every compute carries the same pin so migrations between old and new computes work (§4.5 7b)")
            }
            if mode.escape, let ev = pack.events {
                setOptions("nova", file: ev.waiterFile, ev.waiterEscape, on: batch, label: lbl,
                           why: mode.pin ? "a pinned nova-api cannot forward VIF events (§3.3 #7): expect none until unpinned"
                                         : "Neutron does not send events yet (--events disable-nova)", verb: "events-escape")
            }
            start("nova", ds, on: batch, label: lbl)
            wait("nova", ds, on: batch, label: lbl)
            if !mode.keepDisabled {
                var e = StepParams(); e.targets = batch; e.daemons = [waiter]
                b.add(.enableCompute, service: "nova", hosts: [api], label: label, params: e, reversible: true,
                      rollback: "nova service-disable", why: "the compute takes instances again (§4.5 7d)")
            }
        }
        b.batch = nil
    }

    /// Pins every Havana compute and restarts it before the first Icehouse compute starts (§4.5 step 0,
    /// §12 #1): unpinned, a Havana compute sends its peers 2.x messages (resize_instance, finish_resize,
    /// pre_live_migration), and an Icehouse compute serves 3.x only.
    mutating func pinHavanaComputesPhase() {
        guard let pin = pack.rpcPin, !computes.isEmpty else { return }
        let cmp = computes
        b.begin(PhaseInfo(id: "computes-pin", title: "Havana computes pinned",
            summary: "Set [upgrade_levels] compute=\(pin.value) on every Havana compute and restart nova-compute, so migrations and resizes between Havana and \(pack.to) computes work."))
        b.add(.pinRPC, service: "nova", hosts: cmp, label: "havana-computes", params: .options(pin.file, [OptionValue(option: pin.option, value: pin.value)]),
              reversible: true, rollback: "restore the backup copy Upshift wrote next to \(pin.file)",
              why: "a Havana compute sends 2.x compute RPC to its peers unless pinned; an Icehouse compute serves 3.x only (§4.5 step 0, rpc.mixed-computes)")
        restart("nova", [waiter], on: cmp, label: "havana-computes", why: "nova-compute reads [upgrade_levels] only at start")
        wait("nova", [waiter], on: cmp, label: "havana-computes")
    }

    /// Verified unpin (§4.5 step 8) and, when the escape was used, restoring the event defaults.
    mutating func unpinPhase(restoreEvents: Bool) {
        guard let pin = pack.rpcPin, let nova = spec("nova") else { return }
        let ctl = novaControllers, cmp = computes
        b.begin(PhaseInfo(id: "unpin", title: "Verified unpin",
            summary: "Check every compute reports \(pack.to), remove the compute RPC pin everywhere and restart Nova\(restoreEvents ? "; computes wait for VIF events again" : "")."))
        var v = StepParams(); v.package = pin.verifyPackage; v.version = nova.targetVersion ?? pack.to.rawValue
        b.add(.verifyVersion, service: "nova", hosts: cmp, label: "computes", params: v, reversible: true, rollback: "nothing to undo",
              why: "unpin only after every compute runs \(pack.to), verified on the hosts (rpc.compute-pin)", idempotent: true)
        b.add(.unpinRPC, service: "nova", hosts: ctl + cmp, label: "nova-hosts", params: .options(pin.file, [OptionValue(option: pin.option, value: pin.value)]),
              reversible: true, rollback: "restore the backup copy Upshift wrote next to \(pin.file)", why: "§4.5 step 8")
        if restoreEvents, let ev = pack.events {
            setOptions("nova", file: ev.waiterFile, ev.waiterDefaults, on: cmp, label: "computes", why: "Neutron sends events and nova-api forwards them: restore the defaults (§4.5 step 10)", verb: "events-restore")
        }
        restart("nova", novaControllerDaemons, on: ctl, label: "controllers", why: "a restart of all services is required to drop the pin (§4.5 step 8)")
        restart("nova", [waiter], on: cmp, label: "computes", why: "drop the pin and load the event settings")
        wait("nova", novaControllerDaemons, on: ctl, label: "controllers")
        wait("nova", [waiter], on: cmp, label: "computes")
    }

    /// Final full package update on every host, then restart nova-compute (RH5 final-package-upgrade).
    mutating func finalize() {
        b.begin(PhaseInfo(id: "finalize", title: "Final package update",
            summary: "A full yum upgrade on every host (clients, libraries), then restart nova-compute (RH5)."))
        b.add(.upgradePackages, service: nil, hosts: allHosts, label: "all", params: .packages([]), reversible: false,
              rollback: "none: a full package update is not undone", why: "updated clients (python-glanceclient...) need the final update (RH5)")
        if !computes.isEmpty {
            restart("nova", [waiter], on: computes, label: "computes", why: "nova-compute errors out on updated clients until restarted (RH5)")
            wait("nova", [waiter], on: computes, label: "computes")
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
