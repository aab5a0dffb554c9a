import UpshiftModel

/// A shell command line for one host, as the executor will run it.
public struct RenderedCommand: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Run once; a non-zero exit fails the step.
        case run
        /// Run repeatedly until it exits 0 (and `expect`, if any, holds) or the timeout passes.
        case poll(timeout: Duration)
        /// A config edit through the file protocol (docs/commands.md); `script` is the read command.
        case fileEdit(path: String)
        /// Run once and keep the output (lookups, version checks); `expect` says what must hold.
        case capture
    }
    public var host: HostName
    public var script: String
    public var kind: Kind
    /// What the output must show: a version prefix, a `| field |` to read, `enabled up` for service-list.
    public var expect: String?
    public var note: String?
    /// Exit statuses that count as success (a check passes on 0 or 1, say).
    public var accept: [Int32] = [0]
    /// Run again while the command exits with this status, at most `retryLimit` runs in all.
    public var retryWhile: Int32?
    public var retryLimit: Int = 1
    /// Text the output must contain for the command to succeed (a verification query).
    public var mustContain: String?
    public init(host: HostName, script: String, kind: Kind = .run, expect: String? = nil, note: String? = nil) {
        self.host = host; self.script = script; self.kind = kind; self.expect = expect; self.note = note
    }
}

/// Renders plan steps to the exact shell commands per host (docs/commands.md). Every interpolated
/// value goes through `ShellQuote`. Pure.
public enum CommandRenderer {
    public static let keystonerc = "/root/keystonerc_admin"
    public static let healthTimeout: Duration = .seconds(300)

    /// The commands of `step`, grouped by host in the step's host order.
    public static func render(_ step: Step, inventory: Inventory, pack: Pack) -> [RenderedCommand] {
        render(step, placement: ServicePlacement(inventory: inventory, pack: pack))
    }

    /// The same, with a placement computed once for many steps (rendering a whole plan).
    public static func render(_ step: Step, placement place: ServicePlacement) -> [RenderedCommand] {
        step.hosts.flatMap { h -> [RenderedCommand] in
            guard let host = place.host(h) else { return [] }
            return commands(step, host: host, place: place)
        }
    }

    static func q(_ s: String) -> String { ShellQuote.quote(s) }

    static func daemonsOn(_ step: Step, _ host: Host, _ place: ServicePlacement) -> [DaemonName] {
        let present = place.daemons(on: host.name, includeNew: true)
        return (step.params.daemons ?? []).filter { present.contains($0) }
    }

    static func initCommand(_ verb: String, _ d: DaemonName, _ os: BaseOS) -> String {
        switch os.initSystem {
        case .sysv: return verb == "enable" ? "chkconfig \(q(d.rawValue)) on" : "service \(q(d.rawValue)) \(q(verb))"
        case .systemd:
            if verb == "status" { return "systemctl is-active \(q(d.rawValue))" }
            return "systemctl \(q(verb)) \(q(d.rawValue))"
        }
    }

    static func commands(_ step: Step, host: Host, place: ServicePlacement) -> [RenderedCommand] {
        let h = host.name, p = step.params
        func run(_ s: String, _ kind: RenderedCommand.Kind = .run, expect: String? = nil) -> RenderedCommand {
            RenderedCommand(host: h, script: s, kind: kind, expect: expect)
        }
        switch step.action {
        case .repoSwitch:
            return ["yum -d1 -y erase " + ShellQuote.join(p.repoRemove ?? []), "yum -d1 -y install " + q(p.repoInstall ?? "")]
                .map { run($0) }
        case .stop, .start, .restart, .enable:
            // One round trip per host. The pack lists the API first: stop it first (no request reaches
            // a half-stopped service) and start it last (no request is accepted before the scheduler
            // and conductor run, which would fail the boot with "No valid host").
            var ds = daemonsOn(step, host, place)
            if step.action == .start || step.action == .restart { ds.reverse() }
            guard !ds.isEmpty else { return [] }
            return [run(ds.map { initCommand(step.action.rawValue, $0, host.os) }.joined(separator: " && "))]
        case .upgradePackages:
            let pk = p.packages ?? []
            return [run(pk.isEmpty ? "yum -d1 -y upgrade" : "yum -d1 -y upgrade " + ShellQuote.join(pk))]
        case .installPackages:
            return [run("yum -d1 -y install " + ShellQuote.join(p.packages ?? []))]
        case .downloadPackages:
            return downloadCommands(step, host, place).map { run($0) }
        case .osUpgrade:
            return [run("yum -d1 -y upgrade")]
        case .backupDatabase:
            let path = p.path ?? "/var/lib/upshift/backups/backup.sql"
            let dir = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            let engine = place.pack.services.compactMap(\.database).first { $0.name == p.database }?.engine ?? .mysql
            let dump = engine == .mysql
                ? "mysqldump --opt --add-drop-database --databases \(q(p.database?.rawValue ?? "")) --result-file=\(q(path))"
                : "mongodump --db \(q(p.database?.rawValue ?? "")) --out \(q(path))"
            return [run("mkdir -p \(q(dir))"), run(dump), run("test -s \(q(path))")]
        case .run, .syncSchema:
            return [run("runuser -s /bin/sh \(q(p.user ?? "root")) -c \(q(p.command ?? "true"))")]
        case .disableCompute, .enableCompute:
            let verb = step.action == .disableCompute ? "service-disable --reason upgrade" : "service-enable"
            return (p.targets ?? []).map { t in run(". \(keystonerc) && nova \(verb) \(q(t.rawValue)) nova-compute") }
        case .waitHealthy:
            let ds = daemonsOn(step, host, place)
            var out = ds.isEmpty ? [] : [run(ds.map { initCommand("status", $0, host.os) }.joined(separator: " && "), .poll(timeout: healthTimeout))]
            // The compute is still disabled in the scheduler here (enable-compute comes after the wait):
            // only its State column must read `up`.
            if daemonsOn(step, host, place).contains("openstack-nova-compute"), let api = place.apiHost {
                out.append(RenderedCommand(host: api,
                    script: ". \(keystonerc) && nova service-list --binary nova-compute --host \(q(h.rawValue))",
                    kind: .poll(timeout: healthTimeout), expect: "up"))
            }
            return out
        case .verifyVersion:
            return [run("rpm -q --qf '%{VERSION}\\n' \(q(p.package ?? ""))", .capture, expect: p.version)]
        case .lookup:
            return [run(". \(keystonerc) && \(p.command ?? "true")", .capture, expect: p.field)]
        case .setOption, .unsetOption, .migrateConfig, .pinRPC, .unpinRPC:
            guard let file = p.file else { return [] }
            return [RenderedCommand(host: h, script: "cat \(q(file))", kind: .fileEdit(path: file), note: editNote(step))]
        case .pause:
            return []
        case .installCode, .switchCode, .reload, .check, .verifyQuery, .workload:
            return procedureCommands(step, host: host, place: place)
        }
    }

    /// Where `download-packages` leaves yum's output on the host.
    static let downloadLog = "/var/lib/upshift/yum-download.log"

    /// `yum --downloadonly` for the packages of the services on this host (the step's list, in its
    /// order). The downloadonly plugin (EL6, installed first when yum lacks the option) ends with
    /// "exiting because --downloadonly specified" and exit status 1; yum 3.4.3 (EL7) prints
    /// `exiting because "Download Only" specified`: either message is success, any other failure
    /// is not. Packages new in the target release are fetched with `install`, the rest with `upgrade`.
    static func downloadCommands(_ step: Step, _ host: Host, _ place: ServicePlacement) -> [String] {
        let wanted = step.params.packages ?? []
        var upgrade: [String] = [], install: [String] = []
        let services = Set(place.daemons(on: host.name, includeNew: true).compactMap { place.service(of: $0) })
        for svc in place.pack.services where services.contains(svc.name) {
            let news = Set(place.daemons(on: host.name, service: svc.name, includeNew: true))
                .subtracting(place.daemons(on: host.name, service: svc.name))
            for p in svc.packages where wanted.contains(p) && !upgrade.contains(p) { upgrade.append(p) }
            if !news.isEmpty { for p in svc.install where wanted.contains(p) && !install.contains(p) { install.append(p) } }
        }
        guard !upgrade.isEmpty || !install.isEmpty else { return [] }
        let done = "grep -q -e 'exiting because --downloadonly specified' -e 'exiting because \"Download Only\" specified' \(q(downloadLog))"
        var out = ["mkdir -p /var/lib/upshift",
                   "yum -d1 --downloadonly --help >/dev/null 2>&1 || yum -d1 -y install yum-plugin-downloadonly"]
        if !upgrade.isEmpty { out.append("yum -y --downloadonly upgrade \(ShellQuote.join(upgrade)) >\(q(downloadLog)) 2>&1 || \(done)") }
        if !install.isEmpty { out.append("yum -y --downloadonly install \(ShellQuote.join(install)) >\(q(downloadLog)) 2>&1 || \(done)") }
        return out
    }

    static func editNote(_ step: Step) -> String {
        let p = step.params
        switch step.action {
        case .setOption, .pinRPC:
            return "set " + (p.options ?? []).map { "[\($0.option.section)] \($0.option.key) = \(SecretMask.maskValue(key: $0.option.key, value: $0.value))" }.joined(separator: ", ")
        case .unsetOption, .unpinRPC:
            return "remove " + (p.options ?? []).map { "[\($0.option.section)] \($0.option.key)" }.joined(separator: ", ")
        default:
            return "migrate \(p.service?.rawValue ?? "") options (pack changes)"
        }
    }

    /// The write half of the file protocol for `path` with a backup named by `stamp`, for content of
    /// `size` bytes. The new file replaces the old one only when exactly `size` bytes arrived: if
    /// upshift dies while the content is on its way, ssh reads an early end of input and passes it on,
    /// and `cat` ends cleanly with a short (even empty) file that must never be installed.
    public static func writeScript(path: String, stamp: String, size: String) -> String {
        let f = q(path), tmp = q(path + ".upshift-new"), bak = q(path + ".upshift-" + stamp)
        return "umask 077 && cat > \(tmp) && wc -c < \(tmp) | grep -qx \(q(size)) && cp -p \(f) \(bak) && chmod --reference=\(f) \(tmp) && chown --reference=\(f) \(tmp) && mv -f \(tmp) \(f)"
    }
}

/// Masks secret values for display: passwords, tokens, and credentials inside URLs.
public enum SecretMask {
    static let secretWords = ["password", "passwd", "secret", "token", "_pw", "connection"]

    public static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return secretWords.contains { k.contains($0) }
    }

    /// `****` for secret keys and `{{secret:…}}` placeholders are shown as is (they hold no secret).
    public static func maskValue(key: String, value: String) -> String {
        if value.hasPrefix("{{secret:") { return value }
        return isSecretKey(key) ? "****" : value
    }
}
