import Foundation
import UpshiftConfigEditor
import UpshiftExecution
import UpshiftModel

/// The production config-edit performer (`RemoteConfigEditPerformer`, what `apply` wires in), with
/// every message and output tail it journals also kept in `output`, so the secrets scan covers them.
struct LosslessEditorAdapter: ConfigEditPerforming {
    let output: OutputRecorder
    let pack: Pack

    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext,
                 secrets: SecretStore) async -> StepOutcome {
        let outcome = await RemoteConfigEditPerformer(pack: pack)
            .perform(step, on: host, transport: transport, context: context, secrets: secrets)
        output.append("diff \(host.name) \(step.id)\n" + [outcome.outputTail, outcome.message].compactMap { $0 }.joined(separator: "\n"))
        return outcome
    }
}

/// Collects every piece of text a run shows (sink output, diffs, reports) for the secrets scan.
/// A class behind a lock: sinks write from the executor's tasks.
final class OutputRecorder: @unchecked Sendable {
    // Invariant: `texts` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var texts: [String] = []
    func append(_ text: String) { lock.withLock { texts.append(text) } }
    var all: String { lock.withLock { texts.joined(separator: "\n") } }
}
