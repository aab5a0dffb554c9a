import Foundation
import UpshiftConfigEditor
import UpshiftModel
import UpshiftPlanning

/// Which of a pack's config changes apply to a file given on the command line.
enum PackChanges {
    /// The changes of the pack's file specs whose basename matches `file` (within `service` if given).
    /// With `--service` and a file name the pack does not know, the service's only file spec is used.
    static func select(pack: [ServiceConfigSpecs], file: String, service: String?) throws(CLIFailure) -> [ConfigChange] {
        var services = pack
        if let service {
            services = services.filter { $0.name.rawValue == service }
            guard !services.isEmpty else {
                throw CLIFailure("the pack has no service '\(service)' (services: \(pack.map(\.name.rawValue).joined(separator: ", ")))",
                                 id: "config.unknown-service", code: UpshiftExit.usage)
            }
        }
        let base = (file as NSString).lastPathComponent
        let specs = services.flatMap(\.config)
        let matching = specs.filter { ($0.file as NSString).lastPathComponent == base }
        if !matching.isEmpty { return matching.flatMap(\.changes) }
        if service != nil, specs.count == 1 { return specs[0].changes }
        let known = Set(pack.flatMap(\.config).map { ($0.file as NSString).lastPathComponent }).sorted()
        throw CLIFailure("the pack has no changes for a file named '\(base)' (it knows \(known.joined(separator: ", "))); give --service",
                         id: "config.unknown-file", code: UpshiftExit.usage, file: file)
    }

    /// Resolves `{{var:NAME}}` from `--var NAME=VALUE` and `{{secret:NAME}}` from `UPSHIFT_SECRET_<NAME>`.
    static func resolver(vars: [String]) throws(CLIFailure) -> PlaceholderResolver {
        var table: [String: String] = [:]
        for v in vars {
            guard let eq = v.firstIndex(of: "="), eq != v.startIndex else {
                throw CLIFailure("--var wants NAME=VALUE, got '\(v.prefix { $0 != "=" })…'", id: "cli.usage", code: UpshiftExit.usage)
            }
            table[String(v[..<eq])] = String(v[v.index(after: eq)...])
        }
        let environment = ProcessInfo.processInfo.environment
        let frozen = table
        return { p in
            switch p.kind {
            case "var": frozen[p.name]
            case "secret": environment["UPSHIFT_SECRET_\(p.name)"]
            default: nil
            }
        }
    }
}
