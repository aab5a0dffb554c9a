import Foundation
import UpshiftConfigEditor
import UpshiftModel

/// Config-edit steps through the lossless `RemoteConfigEditor` and the file protocol: resolves
/// `{{var:NAME}}` from the run's variables and `{{secret:NAME}}` from the secret store (secrets
/// only ever travel on the write's stdin), and journals the masked diff as the output tail.
public struct RemoteConfigEditPerformer: ConfigEditPerforming {
    public var pack: Pack
    public init(pack: Pack) { self.pack = pack }

    public func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext,
                        secrets: SecretStore) async -> StepOutcome {
        let editor = RemoteConfigEditor(access: TransportConfigFileAccess(transport: transport, target: host),
                                        stamp: RemoteConfigEditor.stamp(for: context.runStartedAt, step: step.id))
        let variables = context.variables
        let resolver: PlaceholderResolver = { p in
            switch p.kind {
            case "secret": secrets.value(of: p.name)
            case "var": variables[p.name]
            default: nil
            }
        }
        do {
            let results = try await editor.apply(step, pack: pack, options: MigrationOptions(resolver: resolver))
            let message = results.isEmpty ? "no config file of this service on \(host.name)"
                : results.map { "\($0.path) \($0.changed ? "changed" : "already as wanted")" }.joined(separator: ", ")
            let diff = results.map(\.diff).joined(separator: "\n").scalarLines(omittingEmpty: true).suffix(20).joined(separator: "\n")
            return StepOutcome(.succeeded, exitStatus: 0, outputTail: diff.isEmpty ? nil : secrets.redact(diff), message: message)
        } catch {
            // A transport failure reads like any other step's ("HOST: connection-lost: …"), with the file named.
            if let t = error.transportError {
                return StepOutcome(.failed, message: secrets.redact("\(t.description) (editing \(error.path))"))
            }
            return StepOutcome(.failed, message: secrets.redact(error.description))
        }
    }
}
