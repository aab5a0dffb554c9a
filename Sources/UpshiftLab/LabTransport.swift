import UpshiftExecution
import UpshiftModel

/// `HostTransport` straight into the lab's interpreter: the same commands, the same state and the
/// same faults as the sshd path, without ssh, so unit tests can run thousands of scenarios.
public struct LabTransport: HostTransport {
    public let shell: LabShell

    /// A transport over a store (in-memory or a lab directory) and a clock.
    public init(store: any LabStore, clock: LabClock = .system) { shell = LabShell(store: store, clock: clock) }

    public func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        let state: LabState
        do { state = try shell.store.read() } catch { throw TransportError(.localFailure, host: host.name, message: error.description) }
        guard let h = state.host(host.address) ?? state.hostIndex(address: host.address).map({ state.hosts[$0] })
                ?? state.host(host.name.rawValue) else {
            throw TransportError(.unreachable, host: host.name, message: "ssh: Could not resolve hostname \(host.address): Name or service not known")
        }
        if state.faults.contains(where: { $0.kind == .unreachable && $0.applies(host: h.name, command: command.script) }) {
            throw TransportError(.unreachable, host: host.name, message: "ssh: connect to host \(h.address) port 22: No route to host")
        }
        let start = shell.clock.now()
        let stdin = command.stdin ?? []
        let shell = self.shell, script = command.script, name = h.name
        let out: LabOutput
        if shell.clock.isRealTime {
            // Race the command against its timeout; the loser is cancelled (lab sleeps end on cancellation).
            let raced = await withTaskGroup(of: LabOutput?.self) { g in
                g.addTask { await shell.run(script, on: name, stdin: { stdin }) }
                g.addTask { try? await Task.sleep(for: command.timeout); return nil }
                let first = await g.next() ?? nil
                g.cancelAll()
                return first
            }
            guard let raced else { throw TransportError(.timeout, host: host.name, message: "no result within \(command.timeout)") }
            out = raced
        } else {
            out = await shell.run(script, on: name, stdin: { stdin })
        }
        let limit = command.outputLimit
        let truncated = out.stdout.count > limit || out.stderr.count > limit
        return CommandResult(exitStatus: out.exitStatus, stdout: Array(out.stdout.prefix(limit)), stderr: Array(out.stderr.prefix(limit)),
                             truncated: truncated, duration: .milliseconds(Int((shell.clock.now() - start) * 1000)))
    }
}
