import UpshiftModel

/// Parses and validates a transition pack. Every problem is reported with the pack file's line.
public enum PackLoader {
    /// Decodes `text` (YAML) into a pack and checks its internal references; throws every error found.
    public static func load(text: String, sourceName: String) throws(InputError) -> Pack {
        let doc = try YAMLDocument(text: text, sourceName: sourceName)
        let pack = try doc.decode(Pack.self)
        if pack.formatVersion < Pack.currentFormatVersion {
            throw InputError(Diagnostic(id: "pack.format-1", severity: .error,
                summary: "format_version \(pack.formatVersion) packs are no longer read: their procedure was Swift; in format 2 it is data",
                fix: "convert it: `upshift pack convert \(sourceName) > NEW.yaml` carries its data over and writes out the procedure it planned with (docs/pack-format.md)",
                subject: .init(location: doc.location(ofKeys: [.key("format_version")]))))
        }
        let problems = validate(pack, in: doc) + ProcedureChecker(pack: pack, doc: doc).problems()
        if problems.hasErrors { throw InputError(problems) }
        return pack
    }

    /// Reads a format-1 pack (for `pack convert`): its data, checked as format 1 checked it. Format 1
    /// had the skeleton's cloud settings built in: `cloudSettings` gives them (the built-in pack's).
    public static func loadFormat1(text: String, sourceName: String, cloudSettings: [PackChoice] = []) throws(InputError) -> Pack {
        let doc = try YAMLDocument(text: text, sourceName: sourceName)
        var pack = try doc.decode(Pack.self)
        if pack.cloudSettings.isEmpty { pack.cloudSettings = cloudSettings }
        guard pack.formatVersion == 1 else {
            throw InputError(Diagnostic(id: "pack.not-format-1", severity: .error,
                summary: "format_version is \(pack.formatVersion): only a format-1 pack needs converting",
                subject: .init(location: doc.location(ofKeys: [.key("format_version")]))))
        }
        let problems = validate(pack, in: doc)
        if problems.hasErrors { throw InputError(problems) }
        return pack
    }

    static func validate(_ pack: Pack, in doc: YAMLDocument) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func fail(_ id: String, _ summary: String, _ path: [YAMLDocument.PathKey]) {
            out.append(Diagnostic(id: "pack.\(id)", severity: .error, summary: summary,
                                  subject: .init(location: doc.location(ofKeys: path))))
        }
        if pack.formatVersion > Pack.currentFormatVersion {
            fail("format-version", "format_version \(pack.formatVersion) is newer than this Upshift understands (\(Pack.currentFormatVersion))", [.key("format_version")])
        }
        let roles = Set(pack.roles.map(\.name))
        let services = Set(pack.services.map(\.name))
        let daemons = Set(pack.services.flatMap(\.allDaemons))
        for (i, role) in pack.roles.enumerated() {
            for c in role.conflicts where !roles.contains(c) {
                fail("unknown-role", "role '\(role.name)' conflicts with unknown role '\(c)'", [.key("roles"), .index(i), .key("conflicts")])
            }
        }
        var seen: Set<ServiceName> = []
        for (i, s) in pack.services.enumerated() {
            let at: [YAMLDocument.PathKey] = [.key("services"), .index(i)]
            if !seen.insert(s.name).inserted { fail("duplicate-service", "service '\(s.name)' is defined twice", at + [.key("name")]) }
            for (j, rd) in (s.daemons + s.newDaemons).enumerated() where !roles.contains(rd.role) {
                let key = j < s.daemons.count ? "daemons" : "new_daemons"
                let idx = j < s.daemons.count ? j : j - s.daemons.count
                fail("unknown-role", "service '\(s.name)' places daemons on unknown role '\(rd.role)'", at + [.key(key), .index(idx), .key("role")])
            }
            for (key, list) in [("packages", s.packages), ("install", s.install)] {
                for (j, name) in list.enumerated() { if let why = PackageName.problem(name) { fail("package-name", why, at + [.key(key), .index(j)]) } }
            }
            if let db = s.database, !roles.contains(db.role) {
                fail("unknown-role", "database '\(db.name)' names unknown role '\(db.role)'", at + [.key("database"), .key("role")])
            }
            for (j, f) in s.config.enumerated() {
                for (k, ch) in f.changes.enumerated() {
                    let cp = at + [.key("config"), .index(j), .key("changes"), .index(k)]
                    switch ch.kind {
                    case .rename where ch.to == nil: fail("config-change", "a rename of \(ch.option) needs 'to'", cp)
                    case .set where ch.value == nil: fail("config-change", "a set of \(ch.option) needs 'value'", cp)
                    case .rewrite where (ch.values ?? [:]).isEmpty: fail("config-change", "a rewrite of \(ch.option) needs 'values'", cp)
                    default: break
                    }
                }
                for r in f.roles where !roles.contains(r) {
                    fail("unknown-role", "config file \(f.file) names unknown role '\(r)'", at + [.key("config"), .index(j), .key("roles")])
                }
            }
        }
        let settingNames = Set(pack.settings.map(\.name) + pack.cloudSettingConditionNames)
        let checker = ReferenceChecker(services: services, daemons: daemons, roles: roles, settings: settingNames)
        for (i, r) in pack.rules.enumerated() {
            for problem in checker.problems(subject: r.subject, when: r.when) {
                fail("unknown-reference", "rule '\(r.id)': \(problem)", [.key("rules"), .index(i)])
            }
        }
        for (i, r) in pack.preflight.enumerated() {
            for problem in checker.problems(subject: r.subject, when: r.when) {
                fail("unknown-reference", "preflight rule '\(r.id)': \(problem)", [.key("preflight"), .index(i)])
            }
        }
        if let probe = pack.probe {
            if !roles.contains(probe.role) { fail("unknown-role", "probe names unknown role '\(probe.role)'", [.key("probe"), .key("role")]) }
            for (i, api) in probe.apis.enumerated() {
                if let svc = api.service, !services.contains(svc) {
                    fail("unknown-reference", "probe api '\(api.name)' names unknown service '\(svc)'", [.key("probe"), .key("apis"), .index(i), .key("service")])
                }
            }
        }
        for key in pack.estimates.keys.sorted() where StepAction(rawValue: key) == nil {
            fail("unknown-action", "estimates names unknown action '\(key)'", [.key("estimates"), .key(key)])
        }
        out += clientProblems(pack, in: doc, daemons: daemons)
        out += planOptionProblems(pack, in: doc)
        out += databaseQueryProblems(pack, in: doc)
        return out
    }
}

/// Finds references to services, daemons, roles and settings that a pack does not define.
struct ReferenceChecker {
    let services: Set<ServiceName>
    let daemons: Set<DaemonName>
    let roles: Set<RoleName>
    let settings: Set<String>

    func problems(subject: DaemonSelector?, when: Condition?) -> [String] {
        var out: [String] = []
        if let subject { out += problems(subject) }
        if let when { out += problems(when) }
        return out
    }

    func problems(_ s: DaemonSelector) -> [String] {
        var out: [String] = []
        for d in (s.daemons ?? []) + (s.except ?? []) + (s.colocatedWith ?? []) where !daemons.contains(d) {
            out.append("unknown daemon '\(d)'")
        }
        for svc in s.services ?? [] where !services.contains(svc) { out.append("unknown service '\(svc)'") }
        if let r = s.role, !roles.contains(r) { out.append("unknown role '\(r)'") }
        return out
    }

    func problems(_ c: Condition) -> [String] {
        switch c {
        case .all(let cs), .any(let cs): return cs.flatMap(problems)
        case .not(let inner): return problems(inner)
        case .some(let s), .none(let s): return problems(s)
        case .database, .method: return []
        case .hostsDiffer(let fields):
            return fields.filter { !["os", "release"].contains($0) }.map { "unknown host field '\($0)'" }
        case .setting(let text):
            guard let eq = text.firstIndex(of: "=") else { return ["setting '\(text)' is not NAME=VALUE"] }
            let name = String(text[..<eq])
            if settings.contains(name) { return [] }
            return ["unknown setting '\(name)'"]
        }
    }
}
