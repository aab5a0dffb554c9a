import UpshiftModel
import UpshiftPlanning

extension Discovery {
    /// Everything about one host; stops at the first transport error (the host is unreachable).
    func discover(_ host: Host) async -> (HostFacts, [Diagnostic]) {
        var facts = HostFacts(host: host.name, reachable: true)
        var problems: [Diagnostic] = []
        func failed(_ what: String, _ r: CommandResult) {
            let why = Redaction.summary(r.stderrText.isEmpty ? r.stdoutText : r.stderrText)
            problems.append(Diagnostic(id: "discover.command-failed", severity: .warning,
                summary: "\(what) failed on \(host.name) (exit \(r.exitStatus))\(why.isEmpty ? "" : ": \(why)")",
                subject: .init(hosts: [host.name])))
        }
        do throws(TransportError) {
            let release = try await run("cat /etc/redhat-release", on: host)
            if release.succeeded { facts.os = Redaction.summary(release.stdoutText) } else { failed("reading /etc/redhat-release", release) }
            let rpm = try await run("rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\\n'", on: host)
            if rpm.succeeded { facts.packages = Self.packages(rpm.stdoutText) } else { failed("rpm -qa", rpm) }
            let daemons = targets.daemons(of: host)
            if !daemons.isEmpty {
                // One round trip for all daemons: each status command that exits 0 prints a marker line.
                let status = try await run(Self.statusScript(daemons, initSystem: host.os.initSystem), on: host)
                facts.running = Self.runningDaemons(status.stdoutText, asked: daemons)
            }
            for file in targets.files(of: host) {
                let r = try await run("cat \(ShellQuote.quote(file))", on: host)
                guard r.succeeded else { continue }  // unreadable or absent: the file stays unknown
                // A file that was read is known even with none of the watched options in it:
                // its absent options then take their defaults in every rule.
                facts.config[file] = ConfigReading.values(in: r.stdoutText, wanted: targets.watchedOptions[file])
            }
        } catch {
            facts = HostFacts(host: host.name, reachable: false, error: Redaction.scrub(error.description))
            problems = [Diagnostic(id: "discover.unreachable", severity: .error,
                summary: "\(host.name) (\(host.address)) could not be asked: \(Redaction.scrub(error.message))",
                detail: error.code.rawValue, fix: Self.fix(for: error.code), subject: .init(hosts: [host.name]))]
        }
        return (facts, problems)
    }

    static let runningMarker = "upshift-running:"

    /// `service <d> status && echo upshift-running:<d>; ...` (or `systemctl is-active <d>`): the
    /// status commands of docs/commands.md, chained so one command answers for every daemon.
    public static func statusScript(_ daemons: [DaemonName], initSystem: BaseOS.InitSystem) -> String {
        daemons.map { d in
            let q = ShellQuote.quote(d.rawValue)
            let check = initSystem == .sysv ? "service \(q) status" : "systemctl is-active \(q)"
            return "\(check) && echo \(ShellQuote.quote(runningMarker + d.rawValue))"
        }.joined(separator: "; ")
    }

    /// The daemons whose marker line appears in the status script's output, in the order asked.
    public static func runningDaemons(_ output: String, asked: [DaemonName]) -> [DaemonName] {
        let lines = Set(output.split(separator: "\n").map { $0.stripping([" ", "\t", "\r"]) })
        return asked.filter { lines.contains(runningMarker + $0.rawValue) }
    }

    /// `rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\n'` output → name → version-release.
    public static func packages(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    static func fix(for code: TransportError.Code) -> String {
        switch code {
        case .unreachable, .connectionLost: return "check that the host is up and that `ssh <address>` works from here"
        case .authenticationFailed: return "check the ssh user and key (ssh config, agent) for this host"
        case .hostKeyMismatch: return "verify the host's key and fix known_hosts; upshift never accepts a changed key"
        case .timeout: return "the host answered too slowly; retry, or raise the timeout"
        case .localFailure: return "ssh could not be started on this machine"
        }
    }
}
