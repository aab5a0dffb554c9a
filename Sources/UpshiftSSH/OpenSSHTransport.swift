import Foundation
import UpshiftExecution
import UpshiftModel

/// `HostTransport` over the system OpenSSH client: the operator's ssh config, agent, known_hosts and
/// ProxyJump keep working. One multiplexed connection per host (ControlMaster in a private 0700
/// socket directory, ControlPersist), BatchMode (never prompts), StrictHostKeyChecking=yes (a host
/// key is never accepted on the fly), a per-command timeout and an output cap.
///
/// Two modes. `.session` (the default) keeps one ssh process per host open, its remote side a
/// POSIX shell that runs framed commands (`SessionProtocol`), so a command costs a few writes
/// instead of a new ssh client, channel and remote shell. `.perCommand` runs one `ssh` per
/// command over the control master. Commands with stdin (file writes) always take the per-command
/// path.
public final class OpenSSHTransport: HostTransport, Sendable {
    /// How commands reach a host.
    public enum Mode: String, Sendable, CaseIterable {
        /// One long-lived ssh process per host runs the commands in a remote shell loop.
        case session
        /// One ssh process per command over a ControlMaster connection.
        case perCommand = "per-command"
    }

    /// How to run ssh.
    public struct Options: Sendable {
        /// `-F FILE` (the lab writes one); `nil`: the operator's ~/.ssh/config.
        public var configFile: String?
        public var sshPath: String
        /// How long a control master stays after its last use.
        public var controlPersistSeconds: Int
        public var connectTimeoutSeconds: Int
        /// Commands in flight at once across all hosts (the caller bounds fan-out; this is the backstop).
        public var parallelLimit: Int
        /// Session or per-command ssh.
        public var mode: Mode
        /// Sessions kept open at most (idle ones are closed least recently used first); at least `parallelLimit`.
        public var sessionLimit: Int
        /// Connections that outlive this transport: when set, every ssh (sessions too) rides a control
        /// master in `persistDirectory` that stays this many seconds after its last use, so the next
        /// upshift command within that time (resume, status probes, the next apply) reaches the host
        /// without a new handshake, as Ansible's ControlPersist does. `nil` (default): every
        /// connection ends with the transport.
        public var persistSeconds: Int?
        /// Where persistent masters' sockets live (created 0700; refused unless owned by this user
        /// and closed to others). Default: `~/.upshift/ssh`.
        public var persistDirectory: String?
        /// `Key=Value` ssh options given by the operator (`--ssh-option`), passed as `-o` after upshift's own.
        public var extraOptions: [String] = []
        /// Options; every value has a default that works against the operator's ssh setup.
        public init(configFile: String? = nil, sshPath: String = "/usr/bin/ssh", controlPersistSeconds: Int = 60,
                    connectTimeoutSeconds: Int = 10, parallelLimit: Int = 32, mode: Mode = .session, sessionLimit: Int = 128,
                    persistSeconds: Int? = nil, persistDirectory: String? = nil) {
            self.configFile = configFile; self.sshPath = sshPath; self.controlPersistSeconds = controlPersistSeconds
            self.connectTimeoutSeconds = connectTimeoutSeconds; self.parallelLimit = parallelLimit
            self.mode = mode; self.sessionLimit = sessionLimit
            self.persistSeconds = persistSeconds; self.persistDirectory = persistDirectory
        }
    }

    public let options: Options
    /// The private directory holding the control sockets (mode 0700).
    public let socketDirectory: String
    private let gate: Gate
    private let used = UsedHosts()
    let pool: SessionPool

    /// Creates the private socket directory. Throws `.localFailure` when it cannot.
    public init(options: Options = Options()) throws(TransportError) {
        self.options = options
        if options.persistSeconds != nil {
            socketDirectory = try Self.persistentDirectory(options.persistDirectory)
        } else {
            Self.removeStaleSocketDirectories()
            let dir = NSTemporaryDirectory() + "upshift-ssh-\(getpid())-" + UUID().uuidString.prefix(8).lowercased()
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw TransportError(.localFailure, host: "localhost", message: "cannot create the ssh socket directory \(dir): \(error.localizedDescription)")
            }
            socketDirectory = dir
        }
        gate = Gate(limit: max(1, options.parallelLimit))
        pool = SessionPool(limit: max(options.sessionLimit, options.parallelLimit))
    }

    /// The ssh arguments for a command (exposed for tests and benchmarks).
    public func arguments(for host: HostTarget, script: String?, control: String? = nil) -> [String] {
        var a: [String] = []
        if let f = options.configFile { a += ["-F", f] }
        a += ["-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ControlMaster=auto",
              "-o", "ControlPath=\(socketDirectory)/%C", "-o", "ControlPersist=\(options.persistSeconds ?? options.controlPersistSeconds)s",
              "-o", "ConnectTimeout=\(options.connectTimeoutSeconds)", "-o", "ServerAliveInterval=15"]
        // After upshift's own options: ssh keeps the first value of an option, so these cannot weaken them.
        a += options.extraOptions.flatMap { ["-o", $0] }
        if let control { a += ["-O", control] }
        if let user = host.user { a += ["-l", user] }
        a += ["--", host.address]
        if let script { a.append(script) }
        return a
    }

    /// Runs a command; ssh's own failures become `TransportError`s, a remote non-zero exit is a result.
    public func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        if let refusal = SessionProtocol.refusal(of: command.script) { throw TransportError(.localFailure, host: host.name, message: refusal) }
        if options.mode == .session && command.stdin == nil {
            await gate.enter()
            do { let r = try await runInSession(command, on: host); await gate.leave(); return r } catch {
                await gate.leave(); throw error
            }
        }
        await gate.enter()
        if options.mode == .perCommand { await used.add(host) }
        let started = ContinuousClock.now
        // In session mode the rare per-command call (a file write) dials directly: a control master
        // forked beside live sessions is not worth its process, and is one more thing to clean up.
        let args = options.mode == .session ? sessionArguments(for: host, script: command.script) : arguments(for: host, script: command.script)
        let o = await ProcessRunner.run(options.sshPath, args, stdin: command.stdin ?? [],
                                        timeout: command.timeout, outputLimit: command.outputLimit)
        await gate.leave()
        let duration = ContinuousClock.now - started
        if let e = o.launchError { throw TransportError(.localFailure, host: host.name, message: e) }
        if o.timedOut { throw TransportError(.timeout, host: host.name, message: "no result within \(command.timeout); the ssh command was killed") }
        if o.status == 255, o.signal == nil, let code = Self.classify(String(decoding: o.stderr, as: UTF8.self)) {
            throw Self.failure(code, host: host, message: Self.firstLine(o.stderr))
        }
        // A master killed mid-command makes its client exit 255 silently: not the remote command's status.
        if o.status == 255, o.signal == nil, o.stderr.isEmpty, await !masterIsRunning(host) {
            throw TransportError(.connectionLost, host: host.name,
                                 message: "the ssh master connection ended during the command (exit 255, no message); whether it ran on the host is unknown")
        }
        return CommandResult(exitStatus: o.status, signal: o.signal, stdout: o.stdout, stderr: o.stderr,
                             truncated: o.truncated, duration: duration)
    }

    /// Maps ssh's own failure messages (exit 255) to a transport error code; nil when it looks like the remote's 255.
    public static func classify(_ stderr: String) -> TransportError.Code? {
        let s = stderr
        if s.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || s.contains("host key for") && s.contains("has changed") { return .hostKeyMismatch }
        // A key ssh has never seen: "No ED25519 host key is known for HOST and you have requested strict checking."
        if s.contains("host key is known for") || s.contains("you have requested strict checking") { return .hostKeyUnknown }
        if s.contains("Host key verification failed") { return .hostKeyMismatch }
        if s.contains("Permission denied") || s.contains("Too many authentication failures") { return .authenticationFailed }
        for m in ["Could not resolve hostname", "Connection refused", "No route to host", "Connection timed out",
                  "Network is unreachable", "connect to host", "hostname contains invalid characters"] where s.contains(m) {
            return .unreachable
        }
        for m in ["Connection closed", "Connection reset", "Broken pipe", "closed by remote host", "Timeout, server"] where s.contains(m) {
            return .connectionLost
        }
        return nil
    }

    /// The error for ssh's own failure; an unknown host key says how to add it (after checking it).
    static func failure(_ code: TransportError.Code, host: HostTarget, message: String) -> TransportError {
        guard code == .hostKeyUnknown else { return TransportError(code, host: host.name, message: message) }
        return TransportError(code, host: host.name, message: "\(host.address) is not in known_hosts: add it with "
            + "`ssh-keyscan -H \(host.address) >> ~/.ssh/known_hosts` (after checking its fingerprint); upshift never adds a key by itself")
    }

    static func firstLine(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.scalarLines(omittingEmpty: true).map(String.init).filter { !$0.hasPrefix("@") && !$0.isEmpty }
        return lines.first { $0.contains("ssh:") || $0.contains("failed") || $0.contains("denied") } ?? lines.first ?? "ssh failed"
    }

    /// `ssh -O check`: whether this host's control master still answers on its socket.
    func masterIsRunning(_ host: HostTarget) async -> Bool {
        await ProcessRunner.run(options.sshPath, arguments(for: host, script: nil, control: "check"), stdin: [],
                                timeout: .seconds(10), outputLimit: 4096).status == 0
    }

    /// Closes every session and every control master this transport opened and removes the socket
    /// directory; with `persistSeconds`, the masters stay (they end by themselves after that long
    /// unused) and so does their directory.
    public func shutdown() async {
        for session in await pool.drain() { session.close() }
        if options.persistSeconds != nil { return }
        for host in await used.all() {
            _ = await ProcessRunner.run(options.sshPath, arguments(for: host, script: nil, control: "exit"), stdin: [],
                                        timeout: .seconds(10), outputLimit: 4096)
        }
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }
}

extension OpenSSHTransport {
    /// Removes the socket directories (`upshift-ssh-<pid>-<random>` in the temporary directory) that
    /// an upshift killed before its `shutdown` left behind: only this user's, and only when no process
    /// has that pid any more. A master still in them ends by itself after ControlPersist. Directories
    /// whose name carries no pid (older upshifts) are left alone: nothing proves they are stale.
    static func removeStaleSocketDirectories(in temporary: String = NSTemporaryDirectory()) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("upshift-ssh-") {
            let fields = name.dropFirst("upshift-ssh-".count).split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, pid != getpid() else { continue }
            let path = (temporary as NSString).appendingPathComponent(name)
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid() else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? fm.removeItem(atPath: path)
        }
    }

    /// The directory of persistent control sockets: created 0700 if missing; refused when it is not
    /// a directory, not this user's, or open to others (anyone who can reach a socket can use the
    /// connection behind it, as root on that host).
    static func persistentDirectory(_ given: String?) throws(TransportError) -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let dir = given ?? (home as NSString).appendingPathComponent(".upshift/ssh")
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TransportError(.localFailure, host: "localhost", message: "cannot create the ssh socket directory \(dir): \(error.localizedDescription)")
        }
        var st = stat()
        guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw TransportError(.localFailure, host: "localhost", message: "\(dir) is not a directory: persistent ssh connections need a private one")
        }
        guard st.st_uid == getuid(), st.st_mode & 0o077 == 0 else {
            throw TransportError(.localFailure, host: "localhost",
                                 message: "\(dir) must belong to this user and be closed to others (chmod 700) to hold persistent ssh connections")
        }
        // A Unix socket path holds 107 bytes; %C adds 40 and a separator.
        guard dir.utf8.count + 41 <= 107 else {
            throw TransportError(.localFailure, host: "localhost", message: "\(dir) is too long a path for ssh control sockets (at most 66 bytes)")
        }
        return dir
    }
}

/// A counting semaphore for async callers.
actor Gate {
    private let limit: Int
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    init(limit: Int) { self.limit = limit }
    func enter() async {
        if inFlight < limit { inFlight += 1; return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func leave() {
        if waiters.isEmpty { inFlight -= 1 } else { waiters.removeFirst().resume() }
    }
}

/// The hosts a transport has opened masters to.
actor UsedHosts {
    private var hosts: [String: HostTarget] = [:]
    func add(_ h: HostTarget) { hosts["\(h.user ?? "")@\(h.address)"] = h }
    func all() -> [HostTarget] { Array(hosts.values) }
}
