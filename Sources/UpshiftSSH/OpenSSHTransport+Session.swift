import Foundation
import UpshiftExecution
import UpshiftModel

extension OpenSSHTransport {
    /// The ssh arguments of a session: a direct connection of its own (no control master, so
    /// killing it on a timeout ends exactly this session), the bootstrap as the remote command
    /// (or `script`, for a command with stdin). With `persistSeconds`, the session is a channel of
    /// the host's persistent master instead (made by the first session if none answers): killing
    /// it still ends exactly this session's channel, and the master stays for the next command.
    public func sessionArguments(for host: HostTarget, script: String = SessionProtocol.bootstrap) -> [String] {
        var a: [String] = []
        if let f = options.configFile { a += ["-F", f] }
        let control: [String] = if let persist = options.persistSeconds {
            ["-o", "ControlMaster=auto", "-o", "ControlPath=\(socketDirectory)/%C", "-o", "ControlPersist=\(persist)s"]
        } else {
            ["-o", "ControlMaster=no", "-o", "ControlPath=none"]
        }
        a += ["-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"] + control
        a += ["-o", "ConnectTimeout=\(options.connectTimeoutSeconds)",
              "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3"]
        a += options.extraOptions.flatMap { ["-o", $0] }
        if let user = host.user { a += ["-l", user] }
        a += ["--", host.address, script]
        return a
    }

    /// Runs a command on the host's idle session, or on a new one. The caller holds the gate.
    func runInSession(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        let key = "\(host.user ?? "")@\(host.address)"
        let session: SSHSession
        if let idle = await pool.checkout(key) { session = idle } else {
            await pool.admit()?.close()
            do { session = try SSHSession(sshPath: options.sshPath, arguments: sessionArguments(for: host)) } catch {
                await pool.forget()
                throw TransportError(.localFailure, host: host.name, message: error.message)
            }
        }
        let started = ContinuousClock.now
        // Cancellation (upshift's second Ctrl-C) ends the session, so the command stops now and comes back `.died`.
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<SessionOutcome, Never>) in
                Thread.detachNewThread {
                    cont.resume(returning: session.run(command.script, timeout: command.timeout, outputLimit: command.outputLimit))
                }
            }
        } onCancel: { session.terminate() }
        let duration = ContinuousClock.now - started
        await pool.checkin(session, key: key)
        return try Self.result(of: outcome, command: command, host: host, duration: duration)
    }

    /// Maps a session outcome to a result or a transport error, with the rules of the per-command path.
    static func result(of outcome: SessionOutcome, command: RemoteCommand, host: HostTarget, duration: Duration) throws(TransportError) -> CommandResult {
        switch outcome {
        case .timedOut:
            throw TransportError(.timeout, host: host.name, message: "no result within \(command.timeout); the ssh session was killed")
        case let .died(status, stderr):
            let code = classify(String(decoding: stderr, as: UTF8.self)) ?? .connectionLost
            let said = stderr.isEmpty ? "" : ": " + firstLine(stderr)
            if code == .hostKeyUnknown { throw failure(code, host: host, message: "") }
            throw TransportError(code, host: host.name, message: "the ssh session ended before the command finished (ssh exit \(status))\(said)")
        case let .finished(out, err):
            if out.status == 255, let code = classify(String(decoding: err.bytes, as: UTF8.self)) {
                throw failure(code, host: host, message: firstLine(err.bytes))
            }
            return CommandResult(exitStatus: out.status, stdout: out.bytes, stderr: err.bytes,
                                 truncated: out.truncated || err.truncated, duration: duration)
        }
    }
}
