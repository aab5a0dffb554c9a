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
    static func transport(for inventory: Inventory, sshConfig: String?, mode: SSHModeArgument = .session, persist: Int? = nil) throws -> any HostTransport {
        do { return try OpenSSHTransport(options: OpenSSHTransport.Options(configFile: sshConfig, mode: mode.transportMode, persistSeconds: persist)) } catch {
            throw CLIFailure(error.description, id: "apply.transport", code: UpshiftExit.failure)
        }
    }

    static func configEditor(pack: Pack) -> (any ConfigEditPerforming)? { RemoteConfigEditPerformer(pack: pack) }
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
