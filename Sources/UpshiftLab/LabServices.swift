import Foundation

/// `service`, `chkconfig`, `systemctl`, `openstack-service` and the start-up mechanism: a daemon
/// reads its code version and config when it starts, and refuses a schema it does not match.
extension LabSession {
    var hostOS: String { snapshot()?.host(host)?.os.rawValue ?? "el6" }

    func service(_ args: [String]) async -> Int32 {
        if args == ["--status-all"], let h = snapshot()?.host(host) {
            for n in h.daemons.keys.sorted() { _ = h.os == .el6 ? sysvStatus(n) : await systemctl(["status", n]) }
            return 0
        }
        guard args.count >= 2 else { io.error("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n"); return 1 }
        let (name, action) = (args[0], args[1])
        if hostOS != "el6" {
            io.error("Redirecting to /bin/systemctl \(action)  \(name).service\n")
            return await systemctl([action == "status" ? "status" : action, name])
        }
        guard snapshot()?.host(host)?.daemons[name] != nil else { io.error("\(name): unrecognized service\n"); return 1 }
        switch action {
        case "start": return await startDaemon(name, restart: false)
        case "stop": return stopDaemon(name)
        case "restart": return await startDaemon(name, restart: true)
        case "condrestart", "try-restart":
            return snapshot()?.host(host)?.daemons[name]?.state == .running ? await startDaemon(name, restart: true) : 0
        case "status": return sysvStatus(name)
        default: io.print("Usage: /etc/init.d/\(name) {start|stop|status|restart|condrestart|try-restart|reload|force-reload}\n"); return 2
        }
    }

    func sysvStatus(_ name: String) -> Int32 {
        guard let d = snapshot()?.host(host)?.daemons[name] else { io.error("\(name): unrecognized service\n"); return 1 }
        switch d.state {
        case .running: io.print("\(name) (pid  \(d.pid ?? 0)) is running...\n"); return 0
        case .failed: io.print("\(name) dead but pid file exists\n"); return 1
        case .stopped: io.print("\(name) is stopped\n"); return 3
        }
    }

    func chkconfig(_ args: [String]) -> Int32 {
        if args.first == "--list", let h = snapshot()?.host(host) {
            let names = args.count > 1 ? [args[1]] : h.daemons.keys.sorted()
            for n in names {
                guard let d = h.daemons[n] else { io.error("error reading information on service \(n): No such file or directory\n"); return 1 }
                let on = d.enabled ? "on" : "off"
                io.print("\(n)\(String(repeating: " ", count: max(1, 24 - n.count)))0:off\t1:off\t2:\(on)\t3:\(on)\t4:\(on)\t5:\(on)\t6:off\n")
            }
            return 0
        }
        guard args.count == 2, args[1] == "on" || args[1] == "off" else { return args.first == "--list" ? 0 : 1 }
        if hostOS != "el6" { io.error("Note: Forwarding request to 'systemctl \(args[1] == "on" ? "enable" : "disable") \(args[0]).service'.\n") }
        let ok = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in
            guard s.hosts[i].daemons[args[0]] != nil else { return false }
            s.hosts[i].daemons[args[0]]?.enabled = args[1] == "on"
            return true
        }
        if ok == false { io.error("error reading information on service \(args[0]): No such file or directory\n") }
        return ok == true ? 0 : 1
    }

    func systemctl(_ args: [String]) async -> Int32 {
        guard hostOS != "el6" else { io.error("sh: systemctl: command not found\n"); return 127 }
        // `-s SIGNAL` (kill) takes a value; other options stand alone.
        let words = args.enumerated().filter { i, a in !a.hasPrefix("-") && (i == 0 || args[i - 1] != "-s") }.map(\.element)
        if words.first == "list-units", let h = snapshot()?.host(host) {
            let onlyRunning = args.contains("--state=running")
            for (n, d) in h.daemons.sorted(by: { $0.key < $1.key }) where !onlyRunning || d.state == .running {
                let state = d.state == .running ? "active running" : d.state == .failed ? "failed failed" : "inactive dead"
                io.print("\(n).service loaded \(state) \(n)\n")
            }
            return 0
        }
        guard words.count >= 2 else { io.error("Too few arguments.\n"); return 1 }
        let action = words[0]
        var status: Int32 = 0
        for unit in words.dropFirst() {
            let name = unit.hasSuffix(".service") ? String(unit.dropLast(8)) : unit
            guard let d = snapshot()?.host(host)?.daemons[name] else {
                if action == "is-active" { io.print("unknown\n"); status = 3; continue }
                io.error("Failed to issue method call: Unit \(name).service failed to load: No such file or directory.\n"); status = 5; continue
            }
            switch action {
            case "start": status = max(status, await startDaemon(name, restart: false))
            case "restart": status = max(status, await startDaemon(name, restart: true))
            case "try-restart", "condrestart": if d.state == .running { status = max(status, await startDaemon(name, restart: true)) }
            case "stop":
                if stopHangs(name) { await shell.clock.sleep(3600); io.error("lab: \(name) ignored its stop for 3600 s\n"); status = 1; continue }
                _ = stopDaemon(name)
            case "kill": _ = stopDaemon(name)
            case "enable", "disable":
                _ = withHost { (s: inout LabState, i: Int) throws(LabError) -> Void in s.hosts[i].daemons[name]?.enabled = action == "enable" }
                if action == "enable" && !d.enabled {
                    io.error("ln -s '/usr/lib/systemd/system/\(name).service' '/etc/systemd/system/multi-user.target.wants/\(name).service'\n")
                }
            case "is-active":
                io.print(d.state == .running ? "active\n" : d.state == .failed ? "failed\n" : "inactive\n")
                if d.state != .running { status = 3 }
            case "is-enabled": io.print(d.enabled ? "enabled\n" : "disabled\n"); if !d.enabled { status = 1 }
            case "status":
                let active = d.state == .running ? "active (running)" : d.state == .failed ? "failed (Result: exit-code)" : "inactive (dead)"
                io.print("\(name).service - OpenStack \(name)\n   Loaded: loaded (/usr/lib/systemd/system/\(name).service; \(d.enabled ? "enabled" : "disabled"))\n   Active: \(active)\n")
                if d.state == .running { io.print(" Main PID: \(d.pid ?? 0) (\(name))\n") } else { status = 3 }
            default: io.error("Unknown operation '\(action)'.\n"); return 1
            }
        }
        return status
    }

    /// Stops a daemon; stopping a stopped daemon is a silent success (the RDO init scripts' `rh_status_q || exit 0`).
    /// Whether a `stop-hangs` fault holds for this daemon on this host.
    func stopHangs(_ name: String) -> Bool {
        snapshot()?.faults.contains { $0.kind == .stopHangs && $0.applies(host: host, command: name) } ?? false
    }

    /// `timeout SECONDS COMMAND...`: the command, or 124 after SECONDS when it is a stop the daemon ignores.
    func timeout(_ args: [String], env: inout [String: String]) async -> Int32 {
        guard args.count >= 2, let seconds = Double(args[0].hasSuffix("s") ? String(args[0].dropLast()) : args[0]) else {
            io.error("timeout: invalid time interval\n"); return 125
        }
        let inner = Array(args.dropFirst())
        if inner.contains("stop"), inner.contains(where: stopHangs) { await shell.clock.sleep(seconds); return 124 }
        return await dispatch(inner[0], Array(inner.dropFirst()), env: &env)
    }

    func stopDaemon(_ name: String) -> Int32 {
        let was = withHost { (s: inout LabState, i: Int) throws(LabError) -> LabDaemon.State? in
            let st = s.hosts[i].daemons[name]?.state
            s.hosts[i].daemons[name]?.state = .stopped
            s.hosts[i].daemons[name]?.pid = nil
            return st
        }
        if hostOS == "el6", was == .running || was == .failed { io.print("Stopping \(name): [  OK  ]\n") }
        return was == nil ? 1 : 0
    }

    /// Starts (or restarts) a daemon on the code installed now, reading its config now.
    func startDaemon(_ name: String, restart: Bool) async -> Int32 {
        if restart { _ = stopDaemon(name) }
        let outcome = withHost { (s: inout LabState, i: Int) throws(LabError) -> StartOutcome in
            guard var d = s.hosts[i].daemons[name] else { return .unknown }
            if d.state == .running { return .started }
            let info = LabCatalog.daemon(name)
            let version = info.flatMap { s.hosts[i].packages[$0.package] }
            let code = version.map(LabCatalog.release(ofVersion:)) ?? "havana"
            var reason: String? = nil
            if let info, version == nil { reason = "\(info.package) is not installed" }
            else { reason = LabMechanisms.startFailure(daemon: name, code: code, host: s.hosts[i], state: s) }
            if let reason {
                d.state = .failed; d.lastError = reason; d.pid = nil; s.hosts[i].daemons[name] = d
                return .failed(reason)
            }
            d.state = .running; d.pid = s.nextSerial(); d.lastError = nil
            d.code = code; d.codeVersion = version.map { String($0.split(separator: "-").first ?? "") }
            if let conf = info?.configFile, let text = s.hosts[i].file(at: conf)?.content { d.config = LabINI.values(text) }
            s.hosts[i].daemons[name] = d
            return .started
        }
        switch outcome {
        case nil: return 1
        case .unknown: io.error("\(name): unrecognized service\n"); return 1
        case .started: if hostOS == "el6" { io.print("Starting \(name): [  OK  ]\n") }; return 0
        case .failed(let reason):
            if hostOS == "el6" { io.print("Starting \(name): [FAILED]\n") } else {
                io.error("Job for \(name).service failed. See 'systemctl status \(name).service' and 'journalctl -xn' for details.\n")
            }
            io.error("\(LabMechanisms.logStamp(clock.now())) \(shell_pid()) CRITICAL \(name) [-] \(reason)\n")
            return 1
        }
    }

    enum StartOutcome { case started, unknown, failed(String) }

    private func shell_pid() -> Int { Int(getpid()) }

    func openstackService(_ args: [String]) async -> Int32 {
        guard let action = args.first else { io.error("Usage: openstack-service {list|start|stop|restart|status} [service]...\n"); return 1 }
        guard let h = snapshot()?.host(host) else { return 1 }
        let prefixes = Array(args.dropFirst())
        let names = h.daemons.keys.sorted().filter { n in
            guard h.daemons[n]?.enabled == true, n.hasPrefix("openstack-") || n.hasPrefix("neutron-") else { return false }
            return prefixes.isEmpty || prefixes.contains { n.hasPrefix("openstack-\($0)") || n.hasPrefix($0) }
        }
        var status: Int32 = 0
        for n in names {
            switch action {
            case "list": io.print(n + "\n")
            case "status": status = max(status, h.os == .el6 ? sysvStatus(n) : await systemctl(["is-active", n]))
            case "start", "stop", "restart":
                status = max(status, h.os == .el6 ? await service([n, action]) : await systemctl([action, n]))
            default: io.error("Unknown action '\(action)'\n"); return 1
            }
        }
        return status
    }

    func openstackStatus() -> Int32 {
        guard let h = snapshot()?.host(host) else { return 1 }
        for n in h.daemons.keys.sorted() where n.hasPrefix("openstack-") || n.hasPrefix("neutron-") {
            let d = h.daemons[n]!
            let state = d.state == .running ? "active" : d.state == .failed ? "dead" : "inactive"
            io.print("\(n):\(String(repeating: " ", count: max(1, 34 - n.count)))\(state)\(d.enabled ? "" : "  (disabled on boot)")\n")
        }
        return 0
    }
}
