import UpshiftModel

/// Conditions and text templates of a procedure.
extension PlanContext {
    /// Values a step adds to the template variables (daemons, packages, file, database...).
    typealias Vars = [String: String]

    func holds(_ c: PlanCondition?, _ scope: Scope, step: Vars = [:]) -> Bool {
        guard let c else { return true }
        switch c {
        case .all(let l): return l.allSatisfy { holds($0, scope, step: step) }
        case .any(let l): return l.contains { holds($0, scope, step: step) }
        case .not(let x): return !holds(x, scope, step: step)
        case .option(let kv): return pair(kv).map { option($0.0) == $0.1 } ?? false
        case .setting(let kv):
            guard let (k, v) = pair(kv) else { return false }
            return setting(k)?.lowercased() == v.lowercased()
        case .enabled(let s): return enabled.contains(s)
        case .hosts(let e): return !hosts(e, scope).isEmpty
        case .service(let s): return scope.service?.name == s
        case .serviceHas(let what):
            guard let svc = scope.service else { return false }
            switch what {
            case "database": return !svc.databases.isEmpty
            case "install": return !svc.install.isEmpty
            case "new_daemons": return !svc.newDaemons.isEmpty
            case "config": return !svc.config.isEmpty
            default: return false
            }
        case .param(let name): return step[name].map { !$0.isEmpty } ?? false
        case .pointOfNoReturn(let want): return (step["point_of_no_return"] == "true") == want
        case .named(let n): return procedure.conditions[n].map { holds($0, scope, step: step) } ?? false
        case .hostsDiffer(let field):
            let hosts = r.inventory.hosts
            switch field {
            case "os": return Set(hosts.map(\.os)).count > 1
            case "release": return Set(hosts.map(\.release)).count > 1
            default: return false
            }
        }
    }

    func pair(_ kv: String) -> (String, String)? {
        guard let eq = kv.firstIndex(of: "=") else { return nil }
        return (String(kv[..<eq]), String(kv[kv.index(after: eq)...]))
    }

    func option(_ name: String) -> String? {
        switch name {
        case "os_upgrade": return String(options.osUpgrade)
        case "by_group": return String(options.byGroup)
        case "batch_size": return String(options.batchSize)
        case "canary": return String(options.canary)
        default: return options.packOptions[name]
        }
    }

    func setting(_ name: String) -> String? {
        switch name {
        case "cloud.virt_type": return r.inventory.settings.virtType
        case let n where n.hasPrefix("cloud."): return r.pack.cloudValue(String(n.dropFirst(6)), in: r.inventory)
        default: return options.settings[name]
        }
    }

    /// The first choice whose condition holds, with its variables filled in.
    func text(_ t: TextTemplate, _ scope: Scope, step: Vars = [:]) -> String {
        switch t {
        case .plain(let s): return text(s, scope, step: step)
        case .choices(let l):
            return l.first { holds($0.when, scope, step: step) }.map { text($0.text, scope, step: step) } ?? ""
        }
    }

    /// Replaces `{name}` with its value; an unknown name is left as written. Scans UTF-8 (the braces
    /// are ASCII, so their positions are valid string indices).
    func text(_ s: String, _ scope: Scope, step: Vars = [:]) -> String {
        let u = s.utf8, openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        guard var open = u.firstIndex(of: openBrace) else { return s }
        var out = "", from = u.startIndex
        while true {
            out += s[from..<open]
            // A `{` without a `}` is text (the loop before this wrote the text before it twice).
            guard let close = u[open...].firstIndex(of: closeBrace) else { return out + s[open...] }
            let name = String(s[u.index(after: open)..<close])
            out += variable(name, scope, step: step) ?? "{\(name)}"
            from = u.index(after: close)
            guard let next = u[from...].firstIndex(of: openBrace) else { return out + s[from...] }
            open = next
        }
    }

    func variable(_ name: String, _ scope: Scope, step: Vars) -> String? {
        if let v = step[name] { return v }
        switch name {
        case "to": return pack.to.rawValue
        case "from": return pack.from.rawValue
        case "service": return scope.service?.name.rawValue
        case "service.title": return scope.service.map { $0.description.isEmpty ? $0.name.rawValue : $0.description }
        case "service.target_version": return scope.service.map { $0.targetVersion ?? pack.to.rawValue }
        case "hosts.count": return String(scope.phaseHosts.count)
        case "batch": return scope.batch.map { "batch-\(String($0.index).leftPadded(2))" }
        case "batch.count": return scope.batch.map { String($0.hosts.count) }
        case "batch_size": return String(options.batchSize)
        default: break
        }
        if name.hasPrefix("setting:") { return setting(String(name.dropFirst(8))) }
        if name.hasPrefix("value:") { return pack.optionSets[String(name.dropFirst(6))]?.values.first?.value }
        if name.hasPrefix("target_version:") { return pack.service(ServiceName(String(name.dropFirst(15))))?.targetVersion }
        return nil
    }
}
