/// A condition the planner decides when it builds a plan (pack format 2): on the plan's options,
/// the pack's settings, the inventory, the host sets and the step at hand. In YAML a string names
/// a condition of `conditions`; otherwise an object with exactly one key.
public indirect enum PlanCondition: Codable, Sendable, Hashable {
    case all([PlanCondition])
    case any([PlanCondition])
    case not(PlanCondition)
    /// A plan option has this value: `events=disable-nova`, `os_upgrade=true`, `by_group=true`.
    case option(String)
    /// A pack setting (or `cloud.networking`, `cloud.virt_type`) has this value, case-insensitively.
    case setting(String)
    /// The inventory enables the service.
    case enabled(ServiceName)
    /// The host set (a name or a selector) is not empty.
    case hosts(HostExpr)
    /// The current service (of a `for_each`) is this one.
    case service(ServiceName)
    /// The current service declares this: `database`, `install`, `new_daemons`, `config`.
    case serviceHas(String)
    /// The step at hand sets this parameter (`repo_restore`).
    case param(String)
    /// The step at hand is the plan's point of no return.
    case pointOfNoReturn(Bool)
    /// Hosts of the inventory disagree on this field (`os`, `release`).
    case hostsDiffer(String)
    /// A condition of `conditions`.
    case named(String)

    enum Key: String, CodingKey, CaseIterable {
        case all, any, not, option, setting, enabled, hosts, service, serviceHas = "service_has", param
        case pointOfNoReturn = "point_of_no_return", hostsDiffer = "hosts_differ"
    }

    public init(from decoder: any Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) { self = .named(s); return }
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a condition is a name or has exactly one of: \(Key.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        switch key {
        case .all: self = .all(try c.decode([PlanCondition].self, forKey: key))
        case .any: self = .any(try c.decode([PlanCondition].self, forKey: key))
        case .not: self = .not(try c.decode(PlanCondition.self, forKey: key))
        case .option: self = .option(try c.decode(String.self, forKey: key))
        case .setting: self = .setting(try c.decode(String.self, forKey: key))
        case .enabled: self = .enabled(try c.decode(ServiceName.self, forKey: key))
        case .hosts: self = .hosts(try c.decode(HostExpr.self, forKey: key))
        case .service: self = .service(try c.decode(ServiceName.self, forKey: key))
        case .serviceHas: self = .serviceHas(try c.decode(String.self, forKey: key))
        case .param: self = .param(try c.decode(String.self, forKey: key))
        case .pointOfNoReturn: self = .pointOfNoReturn(try c.decode(Bool.self, forKey: key))
        case .hostsDiffer: self = .hostsDiffer(try c.decode(String.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .named(let s) = self { var c = encoder.singleValueContainer(); try c.encode(s); return }
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .all(let v): try c.encode(v, forKey: .all)
        case .any(let v): try c.encode(v, forKey: .any)
        case .not(let v): try c.encode(v, forKey: .not)
        case .option(let v): try c.encode(v, forKey: .option)
        case .setting(let v): try c.encode(v, forKey: .setting)
        case .enabled(let v): try c.encode(v, forKey: .enabled)
        case .hosts(let v): try c.encode(v, forKey: .hosts)
        case .service(let v): try c.encode(v, forKey: .service)
        case .serviceHas(let v): try c.encode(v, forKey: .serviceHas)
        case .param(let v): try c.encode(v, forKey: .param)
        case .pointOfNoReturn(let v): try c.encode(v, forKey: .pointOfNoReturn)
        case .hostsDiffer(let v): try c.encode(v, forKey: .hostsDiffer)
        case .named: break
        }
    }
}
