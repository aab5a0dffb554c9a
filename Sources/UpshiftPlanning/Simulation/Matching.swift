import UpshiftModel

/// Pure matching of selectors and option conditions against a simulated state.
enum Matching {
    static func matches(_ s: DaemonSelector, daemon d: DaemonState, host h: HostState, state: CloudState) -> Bool {
        if let names = s.daemons, !names.contains(d.name) { return false }
        if let services = s.services, !services.contains(d.service) { return false }
        if let except = s.except, except.contains(d.name) { return false }
        if let role = s.role, !h.roles.contains(role) { return false }
        if let v = s.version, d.version != v { return false }
        if let r = s.running, d.running != r { return false }
        if let sch = s.scheduling, d.scheduling != sch { return false }
        if let schema = s.schema {
            guard let side = state.schema(of: d.service), side == schema else { return false }
        }
        if let others = s.colocatedWith, !others.contains(where: { o in o != d.name && h.has(o) }) { return false }
        if let p = s.package {
            guard let installed = h.packages?[p.name], RPMVersion.compare(installed, p.below) < 0 else { return false }
        }
        for c in s.config ?? [] where !matches(c, host: h) { return false }
        return true
    }

    static func matches(_ c: ConfigCondition, host h: HostState) -> Bool {
        let known = h.config[c.file]?[c.option]
        let fileKnown = h.knownFiles.contains(c.file)
        if let wantSet = c.set {
            if let known { return wantSet == !known.isEmpty }
            // Unknown file: never claim a value is present or absent.
            return fileKnown ? !wantSet : false
        }
        guard let value = known ?? c.default else {
            // No value and no default: only a negative condition can hold.
            return c.in == nil && c.lacksSuffix == nil
        }
        let v = value.lowercased()
        if isPlaceholder(value) { return c.in == nil && c.lacksSuffix == nil }
        if let allowed = c.in, !allowed.contains(where: { $0.lowercased() == v }) { return false }
        if let denied = c.notIn, denied.contains(where: { $0.lowercased() == v }) { return false }
        if let suffix = c.lacksSuffix, value.hasSuffix(suffix) { return false }
        return true
    }

    static func isPlaceholder(_ v: String) -> Bool { v.contains("{{") && v.contains("}}") }

    static func matches(_ s: DatabaseSelector, _ db: DatabaseState) -> Bool {
        if let names = s.names, !names.contains(db.name) { return false }
        if let schema = s.schema, db.schema != schema { return false }
        if let b = s.backup, db.backup != b { return false }
        if let not = s.versionNot { guard let v = db.factVersion, v != not else { return false } }
        if let want = s.versionIs { guard let v = db.factVersion, v == want else { return false } }
        if let flag = s.flag, !db.flags.contains(flag) { return false }
        return true
    }

    static func settingHolds(_ text: String, in settings: [String: String]) -> Bool {
        guard let eq = text.firstIndex(of: "=") else { return false }
        let name = String(text[..<eq]), value = String(text[text.index(after: eq)...])
        return settings[name]?.lowercased() == value.lowercased()
    }
}

/// RPM-style version comparison of dotted/dashed numeric and alphabetic segments.
public enum RPMVersion {
    /// Negative when `a` < `b`, zero when equal, positive when greater.
    public static func compare(_ a: String, _ b: String) -> Int {
        let sa = segments(a), sb = segments(b)
        for i in 0..<max(sa.count, sb.count) {
            guard i < sa.count else { return -1 }
            guard i < sb.count else { return 1 }
            let x = sa[i], y = sb[i]
            if let nx = Int(x), let ny = Int(y) {
                if nx != ny { return nx < ny ? -1 : 1 }
            } else if x != y {
                if Int(x) != nil { return 1 }
                if Int(y) != nil { return -1 }
                return x < y ? -1 : 1
            }
        }
        return 0
    }

    static func segments(_ v: String) -> [String] {
        var out: [String] = [], cur = "", digits = false
        for ch in v {
            if ch.isLetter || ch.isNumber {
                let isDigit = ch.isNumber
                if !cur.isEmpty && isDigit != digits { out.append(cur); cur = "" }
                digits = isDigit; cur.append(ch)
            } else if !cur.isEmpty { out.append(cur); cur = "" }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
}
