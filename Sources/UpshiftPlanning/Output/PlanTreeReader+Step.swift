import UpshiftModel

extension PlanTreeReader {
    static func step(_ t: JSONTree) -> Step? {
        guard var o = Object(t), let id = string(o.take("id")), let phase = string(o.take("phase")),
              let action = string(o.take("action")).flatMap(StepAction.init(rawValue:)),
              let hosts: [HostName] = ids(o.take("hosts")), let reversible = bool(o.take("reversible")) else { return nil }
        var s = Step(id: StepID(id), phase: PhaseID(phase), action: action, hosts: hosts, reversible: reversible)
        if let v = o.optional("batch") { guard let n = int(v) else { return nil }; s.batch = n }
        if let v = o.optional("service") { guard let x = string(v) else { return nil }; s.service = ServiceName(x) }
        if let v = o.optional("params") { guard let p = params(v) else { return nil }; s.params = p }
        if let v = o.optional("after") { guard let x: [StepID] = ids(v) else { return nil }; s.after = x }
        if let v = o.optional("rollback") { guard let x = string(v) else { return nil }; s.rollback = x }
        if let v = o.optional("point_of_no_return") { guard let x = bool(v) else { return nil }; s.pointOfNoReturn = x }
        if let v = o.optional("why") { guard let x = string(v) else { return nil }; s.why = x }
        if let v = o.optional("idempotent") { guard let x = bool(v) else { return nil }; s.idempotent = x }
        return o.allUsed ? s : nil
    }

    private static var paramStrings: [(String, WritableKeyPath<StepParams, String?>)] { [
        ("file", \.file), ("command", \.command), ("user", \.user), ("path", \.path), ("variable", \.variable),
        ("field", \.field), ("reason", \.reason), ("package", \.package), ("version", \.version),
        ("repo_install", \.repoInstall), ("repo_package", \.repoPackage), ("repo_restore", \.repoRestore),
    ] }
    private static var paramLists: [(String, WritableKeyPath<StepParams, [String]?>)] {
        [("packages", \.packages), ("repo_remove", \.repoRemove)]
    }

    static func params(_ t: JSONTree) -> StepParams? {
        guard var o = Object(t) else { return nil }
        var p = StepParams()
        for (key, path) in paramStrings {
            guard let v = o.optional(key) else { continue }
            guard let x = string(v) else { return nil }
            p[keyPath: path] = x
        }
        for (key, path) in paramLists {
            guard let v = o.optional(key) else { continue }
            guard let x = strings(v) else { return nil }
            p[keyPath: path] = x
        }
        if let v = o.optional("daemons") { guard let x: [DaemonName] = ids(v) else { return nil }; p.daemons = x }
        if let v = o.optional("targets") { guard let x: [HostName] = ids(v) else { return nil }; p.targets = x }
        if let v = o.optional("database") { guard let x = string(v) else { return nil }; p.database = DatabaseName(x) }
        if let v = o.optional("service") { guard let x = string(v) else { return nil }; p.service = ServiceName(x) }
        if let v = o.optional("options") {
            guard case .array(let items) = v else { return nil }
            var values: [OptionValue] = []
            for item in items {
                guard var e = Object(item), let ref = string(e.take("option")).flatMap(OptionRef.init(parsing:)),
                      let value = string(e.take("value")), e.allUsed else { return nil }
                values.append(OptionValue(option: ref, value: value))
            }
            p.options = values
        }
        return o.allUsed ? p : nil
    }
}
