import UpshiftModel

/// Builds a `Plan` from a `JSONTree` exactly as its `Decodable` conformance would, for the plans
/// Upshift writes. Strict: an unknown or duplicated key, a wrong type or a missing field gives nil,
/// and `PlanCodec` then decodes with `JSONDecoder` (new fields added to the model land there too).
struct PlanTreeReader {
    /// An object's members by key; `used` counts the keys read so unknown keys are noticed.
    struct Object {
        let members: [String: JSONTree]
        var used = 0
        init?(_ tree: JSONTree?) {
            guard case .object(let pairs)? = tree else { return nil }
            members = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        }
        mutating func take(_ key: String) -> JSONTree? {
            guard let v = members[key] else { return nil }
            used += 1
            return v
        }
        /// The value when present and not null (`decodeIfPresent`).
        mutating func optional(_ key: String) -> JSONTree? {
            guard let v = take(key), v != .null else { return nil }
            return v
        }
        var allUsed: Bool { used == members.count }
    }

    static func string(_ t: JSONTree?) -> String? { if case .string(let s)? = t { return s }; return nil }
    /// An optional string field: `.some(nil)` when absent, nil when present but not a string.
    static func optionalString(_ t: JSONTree?) -> String?? {
        guard let t else { return .some(nil) }
        if case .string(let s) = t { return .some(s) }
        return nil
    }
    static func int(_ t: JSONTree?) -> Int? { if case .int(let n)? = t { return n }; return nil }
    static func bool(_ t: JSONTree?) -> Bool? { if case .bool(let b)? = t { return b }; return nil }
    static func strings(_ t: JSONTree?) -> [String]? {
        guard case .array(let items)? = t else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for i in items { guard case .string(let s) = i else { return nil }; out.append(s) }
        return out
    }
    static func ids<T: StringIdentifier>(_ t: JSONTree?) -> [T]? { strings(t).map { $0.map(T.init) } }

    static func plan(_ tree: JSONTree) -> Plan? {
        guard var o = Object(tree), let version = int(o.take("format_version")), let writer = optionalString(o.take("upshift_version")),
              let method = string(o.take("method")).flatMap(PlanMethod.init(rawValue:)),
              let from = string(o.take("from")), let to = string(o.take("to")),
              let pack = inputRef(o.take("pack")), let inventory = inputRef(o.take("inventory")),
              let hosts: [HostName] = ids(o.take("hosts")), let options = options(o.take("options")),
              case .array(let ds)? = o.take("decisions"), case .array(let ps)? = o.take("phases"),
              case .array(let ss)? = o.take("steps"), o.allUsed else { return nil }
        var decisions: [Decision] = [], phases: [PhaseInfo] = [], steps: [Step] = []
        for d in ds { guard let x = decision(d) else { return nil }; decisions.append(x) }
        for p in ps { guard let x = phase(p) else { return nil }; phases.append(x) }
        steps.reserveCapacity(ss.count)
        for s in ss { guard let x = step(s) else { return nil }; steps.append(x) }
        var plan = Plan(method: method, from: ReleaseName(from), to: ReleaseName(to), pack: pack, inventory: inventory,
                        hosts: hosts, options: options, decisions: decisions, phases: phases, steps: steps)
        plan.formatVersion = version
        plan.upshiftVersion = writer
        return plan
    }

    static func inputRef(_ t: JSONTree?) -> InputRef? {
        guard var o = Object(t), let name = string(o.take("name")), let sha = string(o.take("sha256")), o.allUsed else { return nil }
        return InputRef(name: name, sha256: sha)
    }

    static func decision(_ t: JSONTree) -> Decision? {
        guard var o = Object(t), let id = string(o.take("id")), let summary = string(o.take("summary")),
              let reason = string(o.take("reason")), o.allUsed else { return nil }
        return Decision(id: id, summary: summary, reason: reason)
    }

    static func phase(_ t: JSONTree) -> PhaseInfo? {
        guard var o = Object(t), let id = string(o.take("id")), let title = string(o.take("title")),
              let summary = string(o.take("summary")), let apis = strings(o.take("apis_down")),
              let boots = bool(o.take("boots_affected")), o.allUsed else { return nil }
        return PhaseInfo(id: PhaseID(id), title: title, summary: summary, apisDown: apis, bootsAffected: boots)
    }

    static func options(_ t: JSONTree?) -> PlanOptions? {
        guard var o = Object(t), let batch = int(o.take("batch_size")), let canary = int(o.take("canary")),
              let byGroup = bool(o.take("by_group")), let pauses: [PhaseID] = ids(o.take("pause_after")),
              let os = bool(o.take("os_upgrade")), let s = Object(o.take("settings")) else { return nil }
        var settings: [String: String] = [:]
        for (k, v) in s.members { guard let value = string(v) else { return nil }; settings[k] = value }
        // What is left are the pack's plan options, by name (`"events": "auto"`), each a string.
        var packOptions: [String: String] = [:]
        for (k, v) in o.members where !PlanOptions.engineNames.contains(k) { guard let value = string(v) else { return nil }; packOptions[k] = value }
        return PlanOptions(batchSize: batch, canary: canary, byGroup: byGroup, pauseAfter: pauses, osUpgrade: os,
                           packOptions: packOptions, settings: settings)
    }
}
