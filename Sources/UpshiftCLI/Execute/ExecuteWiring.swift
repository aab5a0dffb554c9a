import Foundation
import UpshiftExecution
import UpshiftModel

/// The one place where the execute commands get their transport and config editor.
///
/// Integration point: when the OpenSSH transport and the config editor's `RemoteConfigEditor`
/// land, return them here. Until then `apply` refuses with a clear message instead of pretending.
enum ExecuteWiring {
    static func transport(for inventory: Inventory) throws -> any HostTransport {
        throw CLIFailure("this build has no host transport wired yet (OpenSSH transport pending); use `apply --dry-run` to see the commands",
                         id: "apply.no-transport", code: UpshiftExit.failure)
    }

    static func configEditor() -> (any ConfigEditPerforming)? { nil }
}
