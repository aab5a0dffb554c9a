import Foundation
import UpshiftModel
import UpshiftPlanning
#if canImport(Glibc)
import Glibc
#endif

/// What `lab up` needs: the cloud's shape, where it lives, and the program sshd runs per command.
public struct LabUpOptions: Sendable {
    /// The cloud to create (ignored when an existing cloud is served again).
    public var topology: LabTopology
    /// The lab directory (no spaces or quotes: sshd_config holds its paths).
    public var directory: String
    /// argv prefix of the lab shell; sshd's ForceCommand is this plus `lab shell --dir DIR`.
    public var shellCommand: [String]
    /// The port every lab sshd listens on; `nil` picks a free one from 2222 upwards.
    public var port: Int?
    /// The OpenSSH server and key generator to use.
    public var sshdPath: String
    /// See `sshdPath`.
    public var sshKeygenPath: String
    /// Recreate the cloud even if the directory already holds one (otherwise the existing cloud is served again).
    public var fresh: Bool
    /// Options for `LabSSHD.up`.
    public init(topology: LabTopology, directory: String, shellCommand: [String], port: Int? = nil,
                sshdPath: String = "/usr/sbin/sshd", sshKeygenPath: String = "/usr/bin/ssh-keygen", fresh: Bool = true) {
        self.topology = topology; self.directory = directory; self.shellCommand = shellCommand; self.port = port
        self.sshdPath = sshdPath; self.sshKeygenPath = sshKeygenPath; self.fresh = fresh
    }
}

/// What `lab up` made.
public struct LabUpResult: Sendable {
    /// The absolute lab directory.
    public var directory: String
    /// Whether an existing cloud in the directory was served again (not recreated).
    public var reused: Bool
    /// `DIR/inventory.yaml`.
    public var inventoryPath: String
    /// `DIR/ssh_config` (pass it to `OpenSSHTransport.Options.configFile`).
    public var sshConfigPath: String
    /// The port every lab sshd listens on.
    public var port: Int
    /// The sshd processes started (also in `DIR/sshd-N.pid`).
    public var sshdPIDs: [Int32]
    /// Every host with its loopback address.
    public var hosts: [(name: String, address: String)]
}

/// Starts and stops the lab's sshd processes (at most 16 listen addresses each) and writes the
/// key pair, host key, known_hosts, ssh_config, inventory and answer file into the lab directory.
public enum LabSSHD {
    static let addressesPerSSHD = 16

    /// Creates the cloud and starts sshd behind it. On any failure, whatever was started is stopped.
    public static func up(_ o: LabUpOptions) async throws(LabError) -> LabUpResult {
        let dir = URL(fileURLWithPath: o.directory).standardizedFileURL.path
        if !pidFiles(dir).isEmpty, pidFiles(dir).contains(where: { isAlive($0.1) }) {
            throw LabError("a lab is already running in \(dir); run `upshift lab down --dir \(dir)` first")
        }
        if dir.contains(where: { $0.isWhitespace || "\"'\\#".contains($0) }) {
            throw LabError("the lab directory '\(dir)' must not contain spaces, quotes, backslashes or '#' (sshd_config cannot hold them)")
        }
        try checkRootAccepted()
        try PrivateDirectory.ensure(dir)
        let store = FileLabStore(directory: URL(fileURLWithPath: dir))
        let existing = o.fresh ? nil : try? store.read()
        let state = existing ?? LabBuilder.makeState(o.topology)
        let addresses = state.hosts.map(\.address)
        let port: Int
        if let p = o.port {
            if let busy = addresses.first(where: { !LabPorts.isFree($0, p) }) {
                throw LabError("\(busy):\(p) is already in use; choose another --port or stop what listens there")
            }
            port = p
        } else { port = try LabPorts.freePort(for: addresses, from: 2222) }
        if existing == nil { try store.create(state) }
        try LabFiles.writeKeys(dir: dir, keygen: o.sshKeygenPath)
        try LabFiles.writeClientFiles(dir: dir, state: state, port: port)
        try LabDirectory.writeInventory(state, dir: dir)
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        var pids: [Int32] = []
        let chunks = stride(from: 0, to: addresses.count, by: addressesPerSSHD).map { Array(addresses[$0..<min($0 + addressesPerSSHD, addresses.count)]) }
        for (n, chunk) in chunks.enumerated() {
            do { pids.append(try await startSSHD(n, chunk, dir: dir, port: port, o: o)) } catch {
                _ = await down(directory: dir)
                throw error
            }
        }
        return LabUpResult(directory: dir, reused: existing != nil, inventoryPath: dir + "/inventory.yaml", sshConfigPath: dir + "/ssh_config",
                           port: port, sshdPIDs: pids, hosts: state.hosts.map { ($0.name, $0.address) })
    }

    /// sshd without PAM refuses keys for a locked account (`!` in /etc/shadow); say so instead of failing later.
    static func checkRootAccepted() throws(LabError) {
        guard getuid() == 0 else { throw LabError("lab up runs sshd for root logins and must run as root") }
        guard let shadow = try? String(contentsOfFile: "/etc/shadow", encoding: .utf8),
              let line = shadow.split(separator: "\n").first(where: { $0.hasPrefix("root:") }) else { return }
        let field = line.split(separator: ":", omittingEmptySubsequences: false)[1]
        if field.hasPrefix("!") {
            throw LabError("the root account is locked (password field starts with '!'), so sshd refuses its keys; unlock it for key logins with `usermod -p '*' root`")
        }
    }

    /// The sshd_config sets `SHLVL=1` for sessions: bash then counts itself a nested shell and skips
    /// `~/.bashrc`, which it otherwise sources for every command run through sshd. A lab host is the
    /// emulated RDO host, not the machine the lab runs on, whose root `~/.bashrc` may do anything (on
    /// this project's machines it runs `pyenv init`, half the CPU of a login and a lock that serializes
    /// concurrent logins): every ssh client, Upshift's or a benchmark peer's, is spared it alike.
    static func startSSHD(_ n: Int, _ addresses: [String], dir: String, port: Int, o: LabUpOptions) async throws(LabError) -> Int32 {
        let conf = "\(dir)/sshd-\(n).conf", pidFile = "\(dir)/sshd-\(n).pid"
        let force = ShellQuote.join(o.shellCommand + ["lab", "shell", "--dir", dir])
        var text = "Port \(port)\n" + addresses.map { "ListenAddress \($0)\n" }.joined()
        text += """
        HostKey \(dir)/ssh_host_ed25519_key
        PidFile \(pidFile)
        AuthorizedKeysFile \(dir)/authorized_keys
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        StrictModes no
        UsePAM no
        PrintMotd no
        PrintLastLog no
        X11Forwarding no
        AllowTcpForwarding no
        MaxSessions 128
        MaxStartups 256
        LogLevel ERROR
        SetEnv SHLVL=1
        ForceCommand \(force)

        """
        do { try text.write(toFile: conf, atomically: true, encoding: .utf8) } catch { throw LabError("cannot write \(conf): \(error)") }
        try? FileManager.default.removeItem(atPath: pidFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: o.sshdPath)
        p.arguments = ["-f", conf, "-E", "\(dir)/sshd-\(n).log"]
        do { try p.run() } catch { throw LabError("cannot run \(o.sshdPath): \(error.localizedDescription) (install openssh-server)") }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let log = (try? String(contentsOfFile: "\(dir)/sshd-\(n).log", encoding: .utf8)) ?? ""
            throw LabError("sshd for \(addresses.joined(separator: ", ")) port \(port) failed to start: \(log.split(separator: "\n").last ?? "exit \(p.terminationStatus)")")
        }
        for _ in 0..<100 {
            if let pid = readPID(pidFile) { return pid }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw LabError("sshd for port \(port) did not write \(pidFile)")
    }

    /// Stops every sshd the lab started (by pid file) and every process under them. Returns the pids stopped.
    @discardableResult
    public static func down(directory: String) async -> [Int32] {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        var stopped: [Int32] = []
        for (path, pid) in pidFiles(dir) {
            if isAlive(pid), isSSHD(pid) {
                let victims = [pid] + LabProcesses.descendants(of: pid)
                for v in victims { kill(v, SIGTERM) }
                for _ in 0..<100 where victims.contains(where: isAlive) { try? await Task.sleep(for: .milliseconds(20)) }
                for v in victims where isAlive(v) { kill(v, SIGKILL) }
                stopped.append(pid)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        return stopped
    }

    /// `(path, pid)` of every sshd pid file in the lab directory.
    public static func pidFiles(_ dir: String) -> [(String, Int32)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasPrefix("sshd-") && $0.hasSuffix(".pid") }.sorted().compactMap { n in
            readPID("\(dir)/\(n)").map { ("\(dir)/\(n)", $0) }
        }
    }

    static func readPID(_ path: String) -> Int32? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 && !LabProcesses.isZombie(pid) }
    static func isSSHD(_ pid: Int32) -> Bool { LabProcesses.commandName(pid)?.contains("sshd") ?? false }

}
