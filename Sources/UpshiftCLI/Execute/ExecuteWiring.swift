import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftSSH

/// The one place where the execute commands get their transport and config editor.
///
/// Config edits go through the lossless `RemoteConfigEditor` (behind `ConfigEditPerforming`).
enum ExecuteWiring {
    /// The system OpenSSH client: the operator's ~/.ssh/config, or `sshConfig` (`-F`, as the lab writes one).
    static func transport(for inventory: Inventory, sshConfig: String?, mode: SSHModeArgument = .session, persist: Int? = nil,
                          tuning: SSHTuning = SSHTuning()) throws -> any HostTransport {
        var options = OpenSSHTransport.Options(configFile: sshConfig, mode: mode.transportMode, persistSeconds: persist)
        tuning.apply(to: &options)
        do { return try OpenSSHTransport(options: options) } catch {
            throw CLIFailure(error.description, id: "apply.transport", code: UpshiftExit.failure)
        }
    }

    static func configEditor(pack: Pack) -> (any ConfigEditPerforming)? { RemoteConfigEditPerformer(pack: pack) }
}

/// `--ssh-persist SECONDS` of apply, resume, rollback, discover and probe: its help and its range.
enum SSHPersist {
    static func help(_ more: String = "") -> ArgumentHelp {
        ArgumentHelp("Keep each host's ssh connection open this many seconds after upshift ends (a control master in ~/.upshift/ssh), so the next upshift command reaches the host without a new handshake." + more,
                     valueName: "seconds")
    }

    static func validate(_ seconds: Int?) throws {
        if let seconds, !(1...86_400).contains(seconds) { throw ValidationError("--ssh-persist takes 1 to 86400 seconds, not \(seconds)") }
    }
}

/// `--ssh-mode`: how `OpenSSHTransport` reaches hosts.
enum SSHModeArgument: String, ExpressibleByArgument, CaseIterable {
    case session
    case perCommand = "per-command"

    var transportMode: OpenSSHTransport.Mode {
        switch self {
        case .session: .session
        case .perCommand: .perCommand
        }
    }
}

/// `--break-lock` of apply, resume and rollback, and the cloud lock they take.
struct CloudLockOptions: ParsableArguments {
    @Flag(help: "Take the cloud lock over from the run that holds it (only when that run is gone for good; journaled as lock-broken).")
    var breakLock = false

    /// The lock on the first host of the pack's first role (the first controller in the built-in
    /// pack), held in the name of this machine and state directory.
    static func lock(_ loaded: ExecuteInputs, transport: any HostTransport, state: StateOptions) -> CloudLock? {
        let role = loaded.pack.roles.first?.name
        guard let host = loaded.inventory.hosts.first(where: { role == nil || $0.roles.contains(role!) }) ?? loaded.inventory.hosts.first else { return nil }
        let dir = state.directory.hasPrefix("/") ? state.directory : FileManager.default.currentDirectoryPath + "/" + state.directory
        let since = ISO8601DateFormatter().string(from: Date())
        let holder = CloudLockHolder(run: 0, machine: ProcessInfo.processInfo.hostName, state: (dir as NSString).standardizingPath,
                                     pid: ProcessFacts.owner.pid, since: since)
        return CloudLock(host: HostTarget(host), transport: transport, holder: holder)
    }

    /// Gives the executor the cloud lock and `--break-lock`.
    func wire(_ executor: inout Executor, _ loaded: ExecuteInputs, transport: any HostTransport, state: StateOptions) {
        executor.cloudLock = Self.lock(loaded, transport: transport, state: state)
        executor.breakLock = breakLock
    }
}
