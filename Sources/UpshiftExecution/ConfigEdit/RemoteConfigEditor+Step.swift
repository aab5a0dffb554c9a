import UpshiftConfigEditor
import UpshiftModel

extension RemoteConfigEditor {
    /// The values a config step of a plan writes (option, value as in the plan or pack, placeholders
    /// unresolved): what `apply` would set. The pre-run check finds the secrets a plan needs here.
    public static func values(writtenBy step: Step, pack: Pack) -> [(option: OptionRef, value: String)] {
        switch step.action {
        case .setOption, .pinRPC: return (step.params.options ?? []).map { ($0.option, $0.value) }
        case .migrateConfig:
            guard let name = step.params.service ?? step.service, let service = pack.service(name) else { return [] }
            return service.config.filter { step.params.file == nil || $0.file == step.params.file }
                .flatMap(\.changes).compactMap { c in c.value.map { (c.option, $0) } }
        default: return []
        }
    }

    /// Carries out a config step of a plan on this editor's host: set-option and pin-rpc set
    /// `params.options` in `params.file`; unset-option and unpin-rpc remove them; migrate-config
    /// applies the pack's changes for the service (`params.service`, else the step's service) to
    /// `params.file`, or to every file of the service when the step names none. Returns one result
    /// per file edited.
    public func apply(_ step: Step, pack: Pack, options: MigrationOptions) async throws(ConfigEditFailure) -> [RemoteEditResult] {
        let p = step.params
        switch step.action {
        case .setOption, .pinRPC:
            return [try await set(p.options ?? [], in: try file(of: step), resolver: options.resolver)]
        case .unsetOption, .unpinRPC:
            return [try await unset((p.options ?? []).map(\.option), in: try file(of: step))]
        case .migrateConfig:
            guard let name = p.service ?? step.service, let service = pack.service(name) else {
                throw ConfigEditFailure(.invalidEdit, host: access.host, path: p.file ?? "",
                                        message: "step \(step.id) names no service of pack \(pack.name)")
            }
            var results: [RemoteEditResult] = []
            for spec in service.config where p.file == nil || spec.file == p.file {
                results.append(try await migrate(spec.file, changes: spec.changes, options: options))
            }
            return results
        default:
            throw ConfigEditFailure(.invalidEdit, host: access.host, path: p.file ?? "",
                                    message: "step \(step.id) (\(step.action.rawValue)) is not a config edit")
        }
    }

    func file(of step: Step) throws(ConfigEditFailure) -> String {
        guard let file = step.params.file else {
            throw ConfigEditFailure(.invalidEdit, host: access.host, path: "", message: "step \(step.id) names no file")
        }
        return file
    }
}
