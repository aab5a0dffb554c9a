import Foundation
import UpshiftConfigEditor
import UpshiftExecution
import UpshiftModel

/// The lossless `RemoteConfigEditor` behind the executor's `ConfigEditPerforming` seam, for the
/// lab runs of this suite (the CLI wiring is the lead's; see ExecuteWiring). Every diff and
/// finding it produces is kept in `output`, so the secrets scan covers the diffs too.
struct LosslessEditorAdapter: ConfigEditPerforming {
    let output: OutputRecorder

    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext,
                 secrets: SecretStore) async -> StepOutcome {
        let editor = RemoteConfigEditor(access: TransportConfigFileAccess(transport: transport, target: host),
                                        stamp: RemoteConfigEditor.stamp(for: context.runStartedAt))
        let variables = context.variables
        let resolver: PlaceholderResolver = { p in
            switch p.kind {
            case "var": variables[p.name]
            case "secret": secrets.value(of: p.name)
            default: nil
            }
        }
        do {
            let results = try await editor.apply(step, pack: pack, options: MigrationOptions(resolver: resolver))
            for r in results { output.append("diff \(r.host) \(r.path)\n\(r.diff)\n" + r.findings.map(\.oneLine).joined(separator: "\n")) }
            return StepOutcome(.succeeded, exitStatus: 0, message: "edited \(results.filter(\.changed).count) file(s)")
        } catch {
            output.append("edit failed: \(error)")
            return StepOutcome(.failed, message: "\(error)")
        }
    }

    let pack: Pack
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
