import Foundation
import UpshiftExecution

/// What an emulated command printed and returned.
public struct LabOutput: Sendable, Hashable {
    /// The exit status (127: unknown command, 255: an emulated ssh failure).
    public var exitStatus: Int32
    /// What the command wrote to stdout.
    public var stdout: [UInt8]
    /// What the command wrote to stderr.
    public var stderr: [UInt8]
    /// stdout as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr as UTF-8 text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The emulated root shell of a lab host: parses a command line (docs/commands.md grammar) and
/// runs it against the cloud in a `LabStore`. Used in-process by `LabTransport` and, behind sshd,
/// by `upshift lab shell` (one process per ssh command).
public struct LabShell: Sendable {
    /// Where the cloud lives.
    public let store: any LabStore
    /// Emulated time.
    public let clock: LabClock

    /// A shell over a store and a clock.
    public init(store: any LabStore, clock: LabClock = .system) { self.store = store; self.clock = clock }

    /// Runs `script` as root on the host named `host`. `stdin` is read only by commands that read it.
    public func run(_ script: String, on host: String, stdin: @escaping @Sendable () -> [UInt8] = { [] }) async -> LabOutput {
        let state: LabState
        do { state = try store.read() } catch { return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: \(error)\n".utf8)) }
        guard let h = state.host(host) else {
            return LabOutput(exitStatus: 255, stdout: [], stderr: Array("ssh: Could not resolve hostname \(host): Name or service not known\n".utf8))
        }
        if state.faults.contains(where: { $0.kind == .unreachable && $0.applies(host: host, command: script) }) {
            return LabOutput(exitStatus: 255, stdout: [], stderr: Array("ssh: connect to host \(h.address) port 22: No route to host\n".utf8))
        }
        if state.faults.contains(where: { $0.kind == .commandFails && $0.applies(host: host, command: script) }) {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: injected failure (command-fails) on \(host)\n".utf8))
        }
        if state.faults.contains(where: { $0.kind == .hangs && $0.applies(host: host, command: script) }) {
            await clock.sleep(3600)
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: injected hang (hangs) on \(host) ended after 3600 s\n".utf8))
        }
        if state.secrets.values.contains(where: { !$0.isEmpty && script.contains($0) }) {
            _ = try? store.update { (s: inout LabState) throws(LabError) in s.secretLeaks.append("\(host): \(s.redacted(script))") }
        }
        let session = LabSession(shell: self, host: host, stdin: stdin)
        var env = ["HOME": "/root", "USER": "root", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME": host]
        let status = await session.runScript(script, env: &env)
        return LabOutput(exitStatus: status, stdout: session.io.out, stderr: session.io.err)
    }
}

/// Output streams and the stdin of the command being run.
struct LabIO {
    var stdin: [UInt8]?
    var out: [UInt8] = []
    var err: [UInt8] = []
    mutating func print(_ s: String) { out += Array(s.utf8) }
    mutating func error(_ s: String) { err += Array(s.utf8) }
}

/// One run of a script on one host: environment, umask, output.
final class LabSession {
    let shell: LabShell
    let host: String
    let transportStdin: @Sendable () -> [UInt8]
    var stdinConsumed = false
    var io = LabIO()
    var umask = 0o022
    var user = "root"
    /// The state as last read by this command; dropped on every write (a command is short, so
    /// another process's change between two reads of one command is not observed, as on a real host).
    var cached: LabState?

    init(shell: LabShell, host: String, stdin: @escaping @Sendable () -> [UInt8]) {
        self.shell = shell; self.host = host; self.transportStdin = stdin
    }

    var store: SessionStore { SessionStore(session: self) }
    var clock: LabClock { shell.clock }

    /// Parses and runs a script; returns the status of the last pipeline run.
    func runScript(_ script: String, env: inout [String: String]) async -> Int32 {
        let parsed: ShellScript
        do { parsed = try ShellParser.parse(script, env: env) } catch {
            io.error("sh: \(error.message)\n"); return 2
        }
        var status: Int32 = 0
        for (connector, pipeline) in parsed.pipelines {
            if connector == .and && status != 0 { continue }
            if connector == .or && status == 0 { continue }
            status = await runPipeline(pipeline, env: &env)
        }
        return status
    }

    func runPipeline(_ commands: [ShellScript.Command], env: inout [String: String]) async -> Int32 {
        var input: [UInt8]? = nil
        var status: Int32 = 0
        for (i, command) in commands.enumerated() {
            let last = i == commands.count - 1
            let saved = io
            io = LabIO(stdin: input)
            status = await runCommand(command, env: &env)
            let produced = io
            io = saved
            io.err += produced.err
            if last { io.out += produced.out } else { input = produced.out }
        }
        return status
    }

    func runCommand(_ command: ShellScript.Command, env: inout [String: String]) async -> Int32 {
        var words = command.words
        // Leading NAME=value assignments.
        while let w = words.first, let eq = w.firstIndex(of: "="), w[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !w.hasPrefix("=") {
            env[String(w[..<eq])] = String(w[w.index(after: eq)...]); words.removeFirst()
        }
        for r in command.redirects where r.fd == 0 {
            guard let f = snapshot()?.host(host)?.file(at: r.target) else {
                io.error("sh: \(r.target): No such file or directory\n"); return 1
            }
            io.stdin = Array(f.content.utf8)
        }
        guard let name = words.first else { return 0 }
        let status = await dispatch(name, Array(words.dropFirst()), env: &env)
        return applyOutputRedirects(command.redirects) ?? status
    }

    /// Writes redirected output to emulated files; returns a status only on failure.
    func applyOutputRedirects(_ redirects: [ShellScript.Redirect]) -> Int32? {
        for r in redirects where r.fd == 2 {
            if r.target == "&1" { io.out += io.err; io.err = [] } else {
                let data = io.err; io.err = []
                if r.target != "/dev/null" { if let s = writeFile(r.target, data, append: r.append) { return s } }
            }
        }
        for r in redirects where r.fd == 1 {
            let data = io.out; io.out = []
            if r.target != "/dev/null" { if let s = writeFile(r.target, data, append: r.append) { return s } }
        }
        return nil
    }

    /// The bytes a command reads from stdin: a pipe or redirect if any, else the transport's stdin (once).
    func readStdin() -> [UInt8] {
        if let s = io.stdin { return s }
        if stdinConsumed { return [] }
        stdinConsumed = true
        return transportStdin()
    }

    /// Runs `body` against this host's state in one short transaction.
    func withHost<T>(_ body: (inout LabState, Int) throws(LabError) -> T) -> T? {
        do {
            return try store.update { (state: inout LabState) throws(LabError) -> T in
                guard let i = state.hostIndex(host) else { throw LabError("host \(host) vanished from the lab") }
                return try body(&state, i)
            }
        } catch { io.error("lab: \(error)\n"); return nil }
    }

    /// A read-only snapshot of the cloud.
    func snapshot() -> LabState? {
        if let cached { return cached }
        do { cached = try shell.store.read(); return cached } catch { io.error("lab: \(error)\n"); return nil }
    }
}

/// The session's view of the store: writes go through and drop the session's cached state.
struct SessionStore {
    let session: LabSession
    func update<T>(_ body: (inout LabState) throws(LabError) -> T) throws(LabError) -> T {
        session.cached = nil
        return try session.shell.store.update(body)
    }
}
