import Foundation

/// The `nova` client: services, and instance boots decided by the mechanisms (scheduler → compute
/// RPC, VIF-plugging events), with their outcome visible after the (scaled) emulated delay.
extension LabSession {
    func nova(_ args: [String], env: [String: String]) async -> Int32 {
        guard let h = snapshot()?.host(host), h.packages["python-novaclient"] != nil else { io.error("sh: nova: command not found\n"); return 127 }
        if let e = apiError("nova", env: env, daemons: ["openstack-nova-api"], port: 8774) { io.error(e + "\n"); return 1 }
        guard let sub = args.first else { io.error("usage: nova [--version] [--debug] <subcommand> ...\n"); return 2 }
        let (options, operands) = Self.split(Array(args.dropFirst()))
        switch sub {
        case "service-list": return serviceList(binary: options["binary"], host: options["host"])
        case "service-disable", "service-enable":
            guard operands.count == 2 else { io.error("usage: nova \(sub) <hostname> <binary>\n"); return 2 }
            return serviceToggle(host: operands[0], binary: operands[1], reason: sub == "service-disable" ? options["reason"] ?? "" : nil)
        case "boot":
            guard let flavor = options["flavor"], let image = options["image"], let name = operands.last else {
                io.error("ERROR: you need to specify a Flavor ID and an Image ID\n"); return 1
            }
            return boot(name: name, flavor: flavor, image: image, nic: options["nic"])
        case "migrate", "resize-confirm":
            guard let key = operands.first else { io.error("usage: nova \(sub) <server>\n"); return 2 }
            return migrate(key, confirm: sub == "resize-confirm")
        case "show": return show(operands.first ?? "")
        case "list": return list()
        case "delete": return operands.reduce(Int32(0)) { max($0, delete($1)) }
        case "flavor-list":
            io.print(LabTable.render(["ID", "Name", "Memory_MB", "Disk", "Ephemeral", "Swap", "VCPUs", "RXTX_Factor", "Is_Public"], [
                ["1", "m1.tiny", "512", "1", "0", "", "1", "1.0", "True"], ["2", "m1.small", "2048", "20", "0", "", "1", "1.0", "True"],
                ["3", "m1.medium", "4096", "40", "0", "", "2", "1.0", "True"]]))
            return 0
        case "image-list":
            io.print(LabTable.render(["ID", "Name", "Status", "Server"], [[labUUID("image/cirros"), "cirros", "ACTIVE", ""]]))
            return 0
        default: io.error("error: argument <subcommand>: invalid choice: '\(sub)'\n"); return 2
        }
    }

    /// `--key value` options and positional operands.
    static func split(_ args: [String]) -> ([String: String], [String]) {
        let flags: Set = ["poll", "debug", "insecure", "no-cache"]
        var options: [String: String] = [:], operands: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--") {
                let body = String(a.dropFirst(2))
                if flags.contains(body) { options[body] = "" }
                else if let eq = body.firstIndex(of: "=") { options[String(body[..<eq])] = String(body[body.index(after: eq)...]) }
                else if i + 1 < args.count { options[body] = args[i + 1]; i += 1 } else { options[body] = "" }
            } else { operands.append(a) }
            i += 1
        }
        return (options, operands)
    }

    func stamp(_ t: Double) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.000000"
        return f.string(from: Date(timeIntervalSince1970: t))
    }

    func serviceList(binary: String?, host filter: String?) -> Int32 {
        guard let state = snapshot() else { return 1 }
        var rows: [[String]] = []
        let binaries = ["openstack-nova-cert": "nova-cert", "openstack-nova-conductor": "nova-conductor",
                        "openstack-nova-consoleauth": "nova-consoleauth", "openstack-nova-scheduler": "nova-scheduler",
                        "openstack-nova-compute": "nova-compute"]
        for h in state.hosts {
            for (daemon, bin) in binaries.sorted(by: { $0.value < $1.value }) where h.daemons[daemon] != nil {
                if let binary, binary != bin { continue }
                let novaName = h.novaName(daemon)
                if let filter, filter != novaName { continue }
                let up = bin == "nova-compute" ? LabMechanisms.computeUp(h, state: state) : h.isUp(daemon)
                let reason = state.disabledServices["\(h.name)/\(bin)"]
                rows.append([bin, novaName, bin == "nova-compute" ? "nova" : "internal", reason == nil ? "enabled" : "disabled",
                             up ? "up" : "down", stamp(clock.now()), reason.map { $0.isEmpty ? "None" : $0 } ?? "None"])
            }
        }
        io.print(LabTable.render(["Binary", "Host", "Zone", "Status", "State", "Updated_at", "Disabled Reason"], rows))
        return 0
    }

    func serviceToggle(host target: String, binary: String, reason: String?) -> Int32 {
        let daemon = binary == "nova-consoleauth" ? "openstack-nova-consoleauth" : "openstack-\(binary)"
        // The API looks the service up by (host, binary) as Nova registered it (service_get_by_args).
        let found = try? store.update { (s: inout LabState) throws(LabError) -> Bool in
            guard let h = s.hosts.first(where: { $0.daemons[daemon] != nil && $0.novaName(daemon) == target }) else { return false }
            if let reason { s.disabledServices["\(h.name)/\(binary)"] = reason } else { s.disabledServices["\(h.name)/\(binary)"] = nil }
            return true
        }
        guard found == true else { io.error("ERROR: Unknown service (HTTP 404)\n"); return 1 }
        if let reason {
            io.print(LabTable.render(["Host", "Binary", "Status", "Disabled Reason"], [[target, binary, "disabled", reason]]))
        } else {
            io.print(LabTable.render(["Host", "Binary", "Status"], [[target, binary, "enabled"]]))
        }
        return 0
    }

    func boot(name: String, flavor: String, image: String, nic: String? = nil) -> Int32 {
        guard ["m1.tiny", "m1.small", "m1.medium", "1", "2", "3"].contains(flavor) else { io.error("ERROR: No flavor with a name or ID of '\(flavor)' exists.\n"); return 1 }
        guard image == "cirros" || image == labUUID("image/cirros") else { io.error("ERROR: No image with a name or ID of '\(image)' exists.\n"); return 1 }
        guard let snap = snapshot(), snap.hosts.contains(where: { $0.isUp("openstack-glance-api") && $0.isUp("openstack-glance-registry") }) else {
            io.error("ERROR: The server has either erred or is incapable of performing the requested operation. (HTTP 500)\n"); return 1
        }
        // With an explicit --nic, Havana and Icehouse nova-api validate the network through neutron
        // before accepting the request (compute/api.py _check_requested_networks): a stopped
        // neutron-server makes the API refuse the boot instead of an instance failing later.
        if let nic {
            let netID = nic.hasPrefix("net-id=") ? String(nic.dropFirst("net-id=".count)) : ""
            guard snap.hosts.contains(where: { $0.isUp("neutron-server") }) else {
                io.error("ERROR: The server has either erred or is incapable of performing the requested operation. (HTTP 500)\n"); return 1
            }
            guard [labUUID("net/private"), labUUID("net/public")].contains(netID) else {
                io.error("ERROR: Network \(netID) could not be found. (HTTP 400)\n"); return 1
            }
        }
        let now = clock.now()
        let instance = try? store.update { (s: inout LabState) throws(LabError) -> LabInstance in
            var inst = LabNovaScheduler.place(name: name, flavor: flavor, state: s, now: now)
            let n = s.nextSerial()
            inst.id = labUUID("instance/\(n)/\(now)")
            inst.address = "10.0.0.\(n % 250 + 2)"
            s.instances.append(inst)
            if inst.readyAt < now + 1e8, let h = inst.host, let i = s.hostIndex(h) {
                s.hosts[i].files[LabGlanceNotifier.cachePath(inst.image)] = LabFile("", mode: "0644", owner: "nova", group: "nova")
            }
            return inst
        }
        guard let instance else { io.error("ERROR: lab state unavailable\n"); return 1 }
        io.print(LabTable.properties(details(instance, now: now, creating: true)))
        return 0
    }

    func details(_ i: LabInstance, now: Double, creating: Bool = false) -> [(String, String)] {
        let status = creating ? "BUILD" : i.status(at: now)
        var rows: [(String, String)] = [
            ("id", i.id), ("name", i.name), ("status", status), ("flavor", "\(i.flavor) (1)"),
            ("image", "cirros (\(labUUID("image/cirros")))"), ("created", stamp(i.createdAt).prefix(19) + "Z"),
            ("OS-EXT-SRV-ATTR:host", creating ? "-" : i.host ?? "-"),
            ("OS-EXT-STS:vm_state", status == "ACTIVE" || status == "RESIZE" ? "active" : status == "VERIFY_RESIZE" ? "resized"
                : status == "ERROR" ? "error" : "building"),
            ("OS-EXT-STS:task_state", status == "BUILD" ? (creating ? "scheduling" : "spawning")
                : i.migration.map { LabNovaMigration.status($0, at: now).1 } ?? "-"),
            ("tenant_id", labUUID("tenant/admin").replacingOccurrences(of: "-", with: "")),
        ]
        if !creating, status != "BUILD" { rows.append(("private network", i.address)) }
        if !creating, status == "ERROR", let fault = i.fault { rows.append(("fault", "{\"message\": \"\(fault)\", \"code\": 500}")) }
        return rows
    }

    func find(instance key: String, in state: LabState) -> LabInstance? {
        state.instances.first { $0.id == key } ?? state.instances.first { $0.name == key }
    }

    func show(_ key: String) -> Int32 {
        deliverCasts()
        guard let state = snapshot(), let i = find(instance: key, in: state) else {
            io.error("ERROR: No server with a name or ID of '\(key)' exists.\n"); return 1
        }
        io.print(LabTable.properties(details(i, now: clock.now())))
        return 0
    }

    func list() -> Int32 {
        deliverCasts()
        guard let state = snapshot() else { return 1 }
        let now = clock.now()
        let rows = state.instances.map { i -> [String] in
            let st = i.status(at: now)
            return [i.id, i.name, st, st == "BUILD" ? "spawning" : "-", st == "ACTIVE" ? "Running" : "NOSTATE",
                    st == "ACTIVE" ? "private=\(i.address)" : ""]
        }
        io.print(LabTable.render(["ID", "Name", "Status", "Task State", "Power State", "Networks"], rows))
        return 0
    }

    /// Casts queued for a compute that has started since are delivered before the API reads instances.
    func deliverCasts() {
        let now = clock.now()
        _ = try? store.update { (s: inout LabState) throws(LabError) in LabNovaMigration.advance(&s, now: now) }
    }

    /// `nova migrate` (cold migration) or `nova resize-confirm` (LabNovaMigration).
    func migrate(_ key: String, confirm: Bool) -> Int32 {
        let now = clock.now()
        let outcome: String?
        do {
            outcome = try store.update { (s: inout LabState) throws(LabError) -> String? in
                LabNovaMigration.advance(&s, now: now)
                guard let idx = s.instances.firstIndex(where: { $0.id == key || $0.name == key }) else {
                    return "ERROR: No server with a name or ID of '\(key)' exists."
                }
                return confirm ? LabNovaMigration.confirm(idx, state: &s, now: now) : LabNovaMigration.start(idx, state: &s, now: now)
            }
        } catch { io.error("ERROR: lab state unavailable\n"); return 1 }
        if let outcome { io.error(outcome + "\n"); return 1 }
        return 0
    }

    /// Deletes an instance: the API casts terminate_instance to its compute (a rejected cast leaves it in ERROR);
    /// a down compute means a local delete, as nova does.
    func delete(_ key: String) -> Int32 {
        let now = clock.now()
        let r = try? store.update { (s: inout LabState) throws(LabError) -> Bool in
            guard let idx = s.instances.firstIndex(where: { $0.id == key || $0.name == key }) else { return false }
            if let fault = LabNovaScheduler.deleteRejection(s.instances[idx], state: s) {
                s.instances[idx].outcome = "ERROR"; s.instances[idx].fault = fault; s.instances[idx].readyAt = now
            } else { s.instances.remove(at: idx) }
            return true
        }
        if r != true { io.error("ERROR: No server with a name or ID of '\(key)' exists.\n"); return 1 }
        return 0
    }
}
