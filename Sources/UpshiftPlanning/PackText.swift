import UpshiftModel

/// Renders a pack for people: services in order, daemons per role, databases, config changes, rules.
public enum PackText {
    public static func render(_ p: Pack) -> String {
        var l: [String] = ["Pack \(p.name): \(p.from) -> \(p.to)", "", p.summary, ""]
        l.append("Roles: " + p.roles.map { r in r.conflicts.isEmpty ? r.name.rawValue : "\(r.name) (conflicts with \(r.conflicts.map(\.rawValue).joined(separator: ", ")))" }.joined(separator: ", "))
        if let repo = p.repositories { l.append("Repository: erase \(repo.remove.joined(separator: ", ")), install \(repo.install)") }
        if !p.planOptions.isEmpty {
            l += ["", "Plan options (upshift plan --option NAME=VALUE):"]
            for o in p.planOptions { l.append("  \(o.name)=\(o.values.joined(separator: "|")) (default \(o.default)): \(o.description)") }
        }
        if !p.cloudSettings.isEmpty {
            l += ["", "Cloud settings (inventory settings:):"]
            for c in p.cloudSettings { l.append("  \(c.name)=\(c.values.joined(separator: "|")) (default \(c.default)): \(c.description)") }
        }
        if !p.settings.isEmpty {
            l += ["", "Settings (--set NAME=VALUE):"]
            for s in p.settings { l.append("  \(s.name) (default \(s.default)): \(s.description)") }
        }
        l.append("")
        l.append("Services (reference order):")
        for (i, s) in p.services.enumerated() {
            l.append("  \(i + 1). \(s.name) — \(s.description)")
            for rd in s.daemons { l.append("       \(rd.role): \(rd.daemons.map(\.rawValue).joined(separator: ", "))") }
            for rd in s.newDaemons { l.append("       \(rd.role) (new in \(p.to)): \(rd.daemons.map(\.rawValue).joined(separator: ", "))") }
            l.append("       packages: \(s.packages.joined(separator: " "))" + (s.install.isEmpty ? "" : "; install: \(s.install.joined(separator: " "))"))
            if let db = s.database {
                l.append("       database \(db.name) (\(db.engine.rawValue)): \(db.sync) as \(db.user)" + (db.fromVersion.map { ", \($0) -> \(db.toVersion ?? "?")" } ?? "") + (db.pointOfNoReturn ? "  [POINT OF NO RETURN]" : ""))
            }
            for f in s.config {
                let counts = Dictionary(grouping: f.changes, by: \.kind).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
                l.append("       config \(f.file): \(counts.joined(separator: ", "))")
            }
        }
        if !p.optionSets.isEmpty {
            l += ["", "Option sets:"]
            for (name, set) in p.optionSets.sorted(by: { $0.key < $1.key }) {
                l.append("  \(name): \(set.file) " + set.values.map { "\($0.option)=\(SecretMask.maskValue(key: $0.option.key, value: $0.value))" }.joined(separator: ", "))
            }
        }
        if let proc = p.procedure {
            l += ["", "Procedure (phases in order; some only under conditions):"]
            for m in PlanMethod.allCases {
                guard let spec = proc.methods[m] else { continue }
                let ids = (proc.before + spec.phases + proc.after).map { p in
                    p.forEach.map { "one phase per service" + ($0.except.isEmpty ? "" : " but " + $0.except.map(\.rawValue).joined(separator: ", ")) } ?? p.id
                }
                l.append("  \(m.rawValue): " + ids.joined(separator: ", "))
            }
        }
        l += ["", "Compatibility rules:"]
        for r in p.rules { l.append("  \(r.severity.rawValue.padding(7)) \(r.id)\(r.derived ? " [derived]" : ""): \(r.summary) (\(r.source))") }
        l += ["", "Pre-flight rules:"]
        for r in p.preflight { l.append("  \(r.severity.rawValue.padding(7)) \(r.id) [\(r.methods.map(\.rawValue).joined(separator: ","))]: \(r.summary) (\(r.source))") }
        if !p.settings.isEmpty {
            l += ["", "Settings (--set NAME=VALUE):"]
            for s in p.settings { l.append("  \(s.name) = \(s.default)  — \(s.description)") }
        }
        return l.joined(separator: "\n")
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
