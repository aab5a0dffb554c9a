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
        func partial(_ what: String, _ shown: String) {
            facts.partial = (facts.partial ?? []) + [what]
            problems.append(Diagnostic(id: "discover.partial", severity: .warning,
                summary: "\(shown) on \(host.name) is larger than discovery reads (16 MB); only its start was read, so it is left unknown",
                subject: .init(hosts: [host.name])))
        }
        let platform = platforms.platform(of: host)
        do throws(TransportError) {
            if let script = ReadOnlyScript.platform(platform, .osRelease) {
                let release = try await run(script, on: host)
                if release.succeeded { facts.os = Redaction.summary(release.stdoutText) } else { failed("reading the OS release (os-release)", release) }
            } else { problems.append(Self.unavailable(.osRelease, host, platforms)) }
            if let script = ReadOnlyScript.platform(platform, .packageList) {
                let list = try await run(script, on: host)
                if list.succeeded { facts.packages = Self.packages(list.stdoutText) } else { failed("listing packages (package-list)", list) }
                if list.truncated { facts.packages = [:]; partial("packages", "the package list (package-list)") }
            } else { problems.append(Self.unavailable(.packageList, host, platforms)) }
            let daemons = targets.daemons(of: host)
            if !daemons.isEmpty {
                // One round trip for all daemons: each status command that exits 0 prints a marker line.
                if let script = Self.statusScript(daemons, platform: platform) {
                    let status = try await run(script, on: host)
                    facts.running = Self.runningDaemons(status.stdoutText, asked: daemons)
                } else { problems.append(Self.unavailable(.serviceStatus, host, platforms)) }
            }
            if targets.asksHostname(host) {
                let name = try await run(.hostname, on: host)
                if name.succeeded { facts.hostname = Redaction.summary(name.stdoutText) } else { failed("hostname", name) }
            }
            for file in targets.files(of: host) {
                let r = try await run(.readFile(file), on: host)
                guard r.succeeded else { continue }  // unreadable or absent: the file stays unknown
                if r.truncated { partial(file, file); continue }  // read in part: unknown, and said
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

    /// The platform's `service-status` of each daemon followed by `&& echo upshift-running:<d>`,
    /// separated by `;`, so one command answers for every daemon; nil without a read-only status.
    public static func statusScript(_ daemons: [DaemonName], platform: Platform?) -> ReadOnlyScript? {
        var parts: [(ReadOnlyScript, String)] = []
        for d in daemons {
            guard let check = ReadOnlyScript.platform(platform, .serviceStatus, ["daemon": .word(d.rawValue)]) else { return nil }
            parts.append((check, runningMarker + d.rawValue))
        }
        return .each(parts)
    }

    /// The daemons whose marker line appears in the status script's output, in the order asked.
    public static func runningDaemons(_ output: String, asked: [DaemonName]) -> [DaemonName] {
        let lines = Set(output.scalarLines(omittingEmpty: true).map { $0.stripping([" ", "\t", "\r"]) })
        return asked.filter { lines.contains(runningMarker + $0.rawValue) }
    }

    /// `package-list` output (`NAME VERSION` lines) → name → version.
    public static func packages(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.scalarLines(omittingEmpty: true) {
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
        case .hostKeyUnknown: return "check the host's key fingerprint, then add it: ssh-keyscan -H <address> >> ~/.ssh/known_hosts"
        case .timeout: return "the host answered too slowly; retry, or raise the timeout"
        case .localFailure: return "ssh could not be started on this machine"
        }
    }
}
