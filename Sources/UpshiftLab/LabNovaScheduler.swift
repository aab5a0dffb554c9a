/// Where a boot lands and how it ends, decided from the cloud at boot time (reference §3.2, §3.3, §4.5).
enum LabNovaScheduler {
    /// Nominal seconds of a boot that does not wait for events.
    static let spawnSeconds = 3.0

    static func place(name: String, flavor: String, state s: LabState, now: Double) -> LabInstance {
        let f = s.timeFactor
        var inst = LabInstance(id: "", name: name, host: nil, flavor: flavor, image: "cirros", createdAt: now,
                               readyAt: now + spawnSeconds * f, outcome: "ERROR", fault: nil, vifWaitSeconds: 0, address: "", notes: [])
        guard let (_, scheduler) = LabMechanisms.running("openstack-nova-scheduler", in: s),
              LabMechanisms.running("openstack-nova-conductor", in: s) != nil else {
            inst.fault = "No valid host was found. (the scheduler or conductor is not running)"; return inst
        }
        let candidates = s.hosts.filter { h in
            h.daemons["openstack-nova-compute"] != nil && s.disabledServices["\(h.name)/nova-compute"] == nil
                && LabMechanisms.computeUp(h, state: s)
        }
        guard !candidates.isEmpty else { inst.fault = "No valid host was found. "; return inst }
        // Least loaded first, like the RAM weigher on identical hosts.
        let load = Dictionary(grouping: s.instances.compactMap(\.host), by: { $0 }).mapValues(\.count)
        let target = candidates.min { (load[$0.name] ?? 0, $0.name) < (load[$1.name] ?? 0, $1.name) }!
        inst.host = target.name
        let compute = target.daemons["openstack-nova-compute"]!
        guard let cap = LabMechanisms.sendCap(code: scheduler.code, codeVersion: scheduler.codeVersion, pin: scheduler.config["upgrade_levels/compute"]) else {
            inst.fault = "the scheduler's [upgrade_levels] compute value is not a known alias or version"; return inst
        }
        if let reject = LabMechanisms.rejection(receiverCode: compute.code, receiverVersion: compute.codeVersion, message: cap) {
            inst.fault = "Remote error: \(reject) (run_instance from a \(scheduler.code ?? "?") scheduler to a \(compute.code ?? "?") compute)"
            return inst
        }
        // The compute allocates the port through neutron-server while building (both releases).
        guard let neutronCode = LabMechanisms.running("neutron-server", in: s)?.1.code else {
            inst.fault = "Build of instance aborted: Failed to allocate the network(s), not rescheduling. (neutron-server is down)"
            return inst
        }
        // Spawning fetches the image from glance unless the compute has it cached (LabGlanceNotifier).
        if target.files[LabGlanceNotifier.cachePath(inst.image)] == nil, let why = LabGlanceNotifier.blocked(s) {
            inst.outcome = "ACTIVE"; inst.readyAt = now + 1e9; inst.notes.append("image download hangs: \(why)")
            return inst
        }
        guard compute.code == "icehouse" else { inst.outcome = "ACTIVE"; return inst }
        if neutronCode == "havana" { inst.notes.append("vif.hybrid-plug: Havana neutron gives no ovs_hybrid_plug; security groups not wired") }
        let c = compute.config
        let fatal = c["DEFAULT/vif_plugging_is_fatal"].map(LabINI.isTrue) ?? true
        let timeout = Double(c["DEFAULT/vif_plugging_timeout"] ?? "300") ?? 300
        let virt = c["libvirt/virt_type"] ?? c["DEFAULT/libvirt_type"] ?? "kvm"
        let neutron = c["DEFAULT/network_api_class"]?.contains("neutronv2") ?? false
        guard ["kvm", "qemu"].contains(virt), neutron, timeout > 0 else { inst.outcome = "ACTIVE"; return inst }
        let (arrive, why) = LabMechanisms.eventsReach(compute: target, state: s)
        if arrive { inst.outcome = "ACTIVE"; inst.vifWaitSeconds = 1; inst.readyAt = now + (spawnSeconds + 1) * f; return inst }
        inst.vifWaitSeconds = timeout
        inst.readyAt = now + (spawnSeconds + timeout) * f
        if fatal {
            inst.fault = "Virtual Interface creation failed (no network-vif-plugged within \(Int(timeout)) s: \(why))"
        } else {
            inst.outcome = "ACTIVE"; inst.notes.append("Timeout waiting for vif plugging callback (\(why))")
        }
        return inst
    }

    /// Why nova-api's terminate_instance cast to the instance's compute is rejected (nil: accepted or local delete).
    static func deleteRejection(_ i: LabInstance, state s: LabState) -> String? {
        guard let hn = i.host, let h = s.host(hn), LabMechanisms.computeUp(h, state: s),
              let (_, api) = LabMechanisms.running("openstack-nova-api", in: s), let compute = h.daemons["openstack-nova-compute"] else { return nil }
        guard let cap = LabMechanisms.sendCap(code: api.code, codeVersion: api.codeVersion, pin: api.config["upgrade_levels/compute"]) else {
            return "the API's [upgrade_levels] compute value is not a known alias or version"
        }
        return LabMechanisms.rejection(receiverCode: compute.code, receiverVersion: compute.codeVersion, message: cap)
            .map { "Remote error: \($0) (terminate_instance)" }
    }
}
