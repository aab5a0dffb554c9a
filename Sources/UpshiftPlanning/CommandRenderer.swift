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
    /// A bounded stop (`timeout:`): when the command exits 124 (`timeout` ended it), this runs and
    /// the kill is recorded in the unit's outcome.
    public var killAfterTimeout: KillAfterTimeout?
    public init(host: HostName, script: String, kind: Kind = .run, expect: String? = nil, note: String? = nil) {
        self.host = host; self.script = script; self.kind = kind; self.expect = expect; self.note = note
    }
}

/// What a bounded stop runs when its daemon did not stop in time: the platform's `service-kill`.
public struct KillAfterTimeout: Sendable, Hashable {
    public var daemon: DaemonName
    public var seconds: Int
    public var script: String
    public init(daemon: DaemonName, seconds: Int, script: String) { self.daemon = daemon; self.seconds = seconds; self.script = script }
}

/// Renders plan steps to the exact shell commands per host (docs/commands.md). The commands come
/// from the host's platform (docs/platforms.md: packages, daemons, databases) and the pack's
/// `client:` section (what runs on the API host); every interpolated value is quoted. Pure.
public enum CommandRenderer {
    public static let healthTimeout: Duration = .seconds(300)

    /// The commands of `step`, grouped by host in the step's host order.
    public static func render(_ step: Step, inventory: Inventory, pack: Pack, platforms: PlatformSet) -> [RenderedCommand] {
        render(step, placement: ServicePlacement(inventory: inventory, pack: pack), platforms: platforms)
    }

    /// The same, with a placement computed once for many steps (rendering a whole plan).
    public static func render(_ step: Step, placement place: ServicePlacement, platforms: PlatformSet) -> [RenderedCommand] {
        step.hosts.flatMap { h -> [RenderedCommand] in
            guard let host = place.host(h) else { return [] }
            return commands(step, host: host, place: place, platform: PlatformScripts(platforms.platform(of: host), host: host))
        }
    }

    static func q(_ s: String) -> String { ShellQuote.quote(s) }

    static func daemonsOn(_ step: Step, _ host: Host, _ place: ServicePlacement) -> [DaemonName] {
        let present = place.daemons(on: host.name, includeNew: true)
        return (step.params.daemons ?? []).filter { present.contains($0) }
    }

    /// A stop with a timeout: one command per daemon (in order), `timeout SECONDS` before the
    /// platform's stop; a daemon still running then is killed with the platform's `service-kill`.
    static func boundedStops(_ ds: [DaemonName], _ seconds: Int, _ h: HostName, _ platform: PlatformScripts) -> [RenderedCommand] {
        ds.map { d in
            let values: [String: CommandTemplate.Value] = ["daemon": .word(d.rawValue)]
            var c = RenderedCommand(host: h, script: "timeout \(seconds) " + platform.one(.serviceStop, values))
            c.killAfterTimeout = KillAfterTimeout(daemon: d, seconds: seconds, script: platform.one(.serviceKill, values))
            return c
        }
    }

    /// The daemons' init commands for `verb`, chained with `&&` (one round trip per host).
    static func serviceChain(_ verb: String, _ ds: [DaemonName], _ platform: PlatformScripts) -> String {
        let name = PlatformCommandName.service(verb) ?? .serviceStatus
        return ds.map { platform.one(name, ["daemon": .word($0.rawValue)]) }.joined(separator: " && ")
    }

    static func commands(_ step: Step, host: Host, place: ServicePlacement, platform: PlatformScripts) -> [RenderedCommand] {
        let h = host.name, p = step.params
        func run(_ s: String, _ kind: RenderedCommand.Kind = .run, expect: String? = nil) -> RenderedCommand {
            RenderedCommand(host: h, script: s, kind: kind, expect: expect)
        }
        let code: [String: CommandTemplate.Value] = ["service": .word(step.service?.rawValue ?? ""), "release": .word(place.pack.to.rawValue)]
        switch step.action {
        case .repoSwitch:
            return (platform.all(.packageErase, ["packages": .words(p.repoRemove ?? [])])
                    + platform.all(.packageInstall, code.merging(["packages": .words([p.repoInstall ?? ""])]) { $1 })).map { run($0) }
        case .stop, .start, .restart, .enable:
            // One round trip per host. The pack lists the API first: stop it first (no request reaches
            // a half-stopped service) and start it last (no request is accepted before the scheduler
            // and conductor run, which would fail the boot with "No valid host").
            var ds = daemonsOn(step, host, place)
            if step.action == .start || step.action == .restart { ds.reverse() }
            guard !ds.isEmpty else { return [] }
            if step.action == .stop, let seconds = p.timeout { return boundedStops(ds, seconds, h, platform) }
            return [run(serviceChain(step.action.rawValue, ds, platform))]
        case .upgradePackages:
            let pk = p.packages ?? []
            return (pk.isEmpty ? platform.all(.packageUpgradeAll, [:]) : platform.all(.packageUpgrade, code.merging(["packages": .words(pk)]) { $1 })).map { run($0) }
        case .installPackages:
            return platform.all(.packageInstall, code.merging(["packages": .words(p.packages ?? [])]) { $1 }).map { run($0) }
        case .downloadPackages:
            return downloadCommands(step, host, place, platform, code).map { run($0) }
        case .osUpgrade:
            return platform.all(.packageUpgradeAll, [:]).map { run($0) }
        case .backupDatabase:
            return backupCommands(step, place, platform).map { run($0) }
        case .run, .syncSchema:
            return platform.all(.runAs, ["user": .word(p.user ?? "root"), "command": .word(p.command ?? "true")]).map { exitPolicy(run($0), p) }
        case .disableCompute, .enableCompute:
            let template = step.action == .disableCompute ? place.pack.client.disableScheduling : place.pack.client.enableScheduling
            if template == nil { platform.missingLog?.client.append(step.action == .disableCompute ? "disable_scheduling" : "enable_scheduling") }
            return (p.targets ?? []).map { t in run(clientScript(template, ["host": .word(p.serviceHosts?[t.rawValue] ?? t.rawValue)], step.action.rawValue)) }
        case .waitHealthy:
            return healthCommands(step, host, place, platform)
        case .verifyVersion:
            let values = code.merging(["package": .word(p.package ?? "")]) { $1 }
            return platform.all(.codeVersion, values).map { run($0, .capture, expect: p.version) }
        case .lookup:
            return [run(clientScript(place.pack.client.lookup ?? "{script}", ["script": .script(p.command ?? "true")], "lookup"), .capture, expect: p.field)]
        case .setOption, .unsetOption, .migrateConfig, .pinRPC, .unpinRPC:
            guard let file = p.file else { return [] }
            return [RenderedCommand(host: h, script: "cat \(q(file))", kind: .fileEdit(path: file), note: editNote(step))]
        case .hook:
            return [run(p.command ?? "true")]
        case .pause:
            return []
        case .installCode, .switchCode, .reload, .check, .verifyQuery, .workload:
            return procedureCommands(step, host: host, place: place, platform: platform)
        }
    }

    /// A pack client template, or a command that fails saying the pack lacks it (the plan-time
    /// check, `PlatformCheck`, refuses such a plan first).
    static func clientScript(_ template: String?, _ values: [String: CommandTemplate.Value], _ what: String) -> String {
        guard let template else { return "false  # the pack has no client command for \(what)" }
        return CommandTemplate.render(template, values)
    }

    /// The daemons' status, polled until they all report running; then the checks the pack's client
    /// runs on the API host for the daemons that have one. Each poll gives up after the step's
    /// `timeout` seconds (default `healthTimeout`).
    static func healthCommands(_ step: Step, _ host: Host, _ place: ServicePlacement, _ platform: PlatformScripts) -> [RenderedCommand] {
        let ds = daemonsOn(step, host, place)
        let wait = step.params.timeout.map { Duration.seconds($0) } ?? healthTimeout
        var out = ds.isEmpty ? [] : [RenderedCommand(host: host.name, script: serviceChain("status", ds, platform), kind: .poll(timeout: wait))]
        if let api = place.apiHost {
            for check in place.pack.client.healthFromAPI where ds.contains(check.daemon) {
                out.append(RenderedCommand(host: api, script: CommandTemplate.render(check.run, ["host": .word(step.params.serviceHosts?[host.name.rawValue] ?? host.name.rawValue)]),
                                           kind: .poll(timeout: wait), expect: check.expect))
            }
        }
        return out
    }

    /// Makes the backup's directory, dumps the database with the platform's command for its engine
    /// and checks the dump is not empty.
    static func backupCommands(_ step: Step, _ place: ServicePlacement, _ platform: PlatformScripts) -> [String] {
        let p = step.params
        let path = p.path ?? "/var/lib/upshift/backups/backup.sql"
        let dir = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        let engine = place.pack.services.compactMap(\.database).first { $0.name == p.database }?.engine ?? .mysql
        let dump = platform.all(engine == .mysql ? .dbDumpMySQL : .dbDumpMongoDB,
                                ["database": .word(p.database?.rawValue ?? ""), "path": .word(path)])
        return ["mkdir -p \(q(dir))"] + dump + ["test -s \(q(path))"]
    }

    /// The platform's download commands for the packages of the services on this host (the step's
    /// list, in its order): packages new in the target release are fetched with
    /// `package-download-install`, the rest with `package-download-upgrade`, after
    /// `package-download-prepare`.
    static func downloadCommands(_ step: Step, _ host: Host, _ place: ServicePlacement, _ platform: PlatformScripts,
                                 _ code: [String: CommandTemplate.Value]) -> [String] {
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
        var out = platform.all(.packageDownloadPrepare, [:])
        if !upgrade.isEmpty { out += platform.all(.packageDownloadUpgrade, code.merging(["packages": .words(upgrade)]) { $1 }) }
        if !install.isEmpty { out += platform.all(.packageDownloadInstall, code.merging(["packages": .words(install)]) { $1 }) }
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
    ///
    /// A symlinked `path` stays a link: `readlink -ev` first refuses a dangling link (its message
    /// names the file; non-zero status), the backup, `cp -p` and `--reference` all follow the link,
    /// and the new file is renamed onto the link's resolved target (`readlink -ev … | xargs -d '\n'
    /// mv`, no command substitution, which the lab shell refuses), never onto the link itself.
    public static func writeScript(path: String, stamp: String, size: String) -> String {
        let f = q(path), tmp = q(path + ".upshift-new"), bak = q(path + ".upshift-" + stamp)
        return "umask 077 && readlink -ev -- \(f) >/dev/null && cat > \(tmp) && wc -c < \(tmp) | grep -qx \(q(size))"
            + " && cp -p \(f) \(bak) && chmod --reference=\(f) \(tmp) && chown --reference=\(f) \(tmp)"
            + " && readlink -ev -- \(f) | xargs -d '\\n' mv -f -- \(tmp)"
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
