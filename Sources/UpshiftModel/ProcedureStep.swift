/// One step of a phase (or, with `steps`, a group of steps repeated `for_each` service).
/// `do` names the step kind; the other fields are its parameters (docs/pack-format.md lists
/// which kind reads which).
public struct StepSpec: Codable, Sendable, Hashable {
    public var action: StepAction?
    public var when: PlanCondition?
    /// Where the step runs; default: the phase's hosts (the batch in a batched phase).
    public var hosts: HostExpr?
    /// The service the step belongs to (a template; the id's prefix); default: the current service.
    public var service: String?
    /// Names the host set in the step id: always, or (`label_many`) only when there are several hosts.
    public var label: String?
    public var labelMany: String?
    public var verb: String?
    public var why: TextTemplate?
    public var rollback: TextTemplate?
    public var reversible: Bool?
    public var idempotent: Bool?
    public var daemons: [DaemonTerm]?
    /// Daemons left out of `daemons`.
    public var except: [DaemonTerm]?
    /// Keep only these of `daemons`.
    public var only: [DaemonTerm]?
    /// Leave out hosts that run none of the step's daemons.
    public var skipHostsWithoutDaemons: Bool?
    public var packages: [String]?
    /// An option set (`option_sets`) for set-option, pin-rpc, unpin-rpc and unset-option.
    public var options: String?
    public var command: String?
    public var user: String?
    public var variable: String?
    public var field: String?
    public var accept: [Int32]?
    public var retryWhile: Int32?
    public var retryLimit: Int?
    public var timeout: Int?
    public var expect: String?
    public var package: String?
    public var version: String?
    /// Hosts a step acts on from elsewhere (disable/enable scheduling, queries, workloads).
    public var targets: HostExpr?
    public var targetDaemons: [DaemonTerm]?
    public var forEach: ForEachService?
    public var steps: [StepSpec]?

    enum CodingKeys: String, CodingKey {
        case action = "do", when, hosts, service, label, labelMany = "label_many", verb, why, rollback
        case reversible, idempotent, daemons, except, only, skipHostsWithoutDaemons = "skip_hosts_without_daemons"
        case packages, options, command, user, variable, field, accept, retryWhile = "retry_while"
        case retryLimit = "retry_limit", timeout, expect, package, version, targets
        case targetDaemons = "target_daemons", forEach = "for_each", steps
    }
}

/// A set of hosts. In YAML a string names a host set (or `all`, `phase`), an object selects.
public indirect enum HostExpr: Codable, Sendable, Hashable {
    case named(String)
    case select(HostSelector)

    public init(from decoder: any Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) { self = .named(s); return }
        self = .select(try HostSelector(from: decoder))
    }
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .named(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .select(let s): try s.encode(to: encoder)
        }
    }
}

/// Hosts chosen by one base (`set`, `daemons`, `service`, `role`, `first_of`, `database_of`;
/// none: the phase's hosts), then narrowed (`within`, `minus`, `with_new_daemons`, `first`) or
/// extended (`plus`).
public struct HostSelector: Codable, Sendable, Hashable {
    public var set: String?
    /// Hosts running any of these daemons.
    public var daemons: [DaemonTerm]?
    /// Hosts running any daemon of the service (a template: `{service}`).
    public var service: String?
    public var role: RoleName?
    /// The first non-empty of these.
    public var firstOf: [HostExpr]?
    /// The host where the service's (a template) schema sync runs.
    public var databaseOf: String?
    public var within: HostExpr?
    public var minus: HostExpr?
    /// Hosts appended as they are (a host in both sets appears twice).
    public var plus: HostExpr?
    /// Only hosts whose roles get a daemon new in the target release for the current service.
    public var withNewDaemons: Bool?
    /// Only the first host.
    public var first: Bool?
    enum CodingKeys: String, CodingKey {
        case set, daemons, service, role, firstOf = "first_of", databaseOf = "database_of", within, minus, plus
        case withNewDaemons = "with_new_daemons", first
    }
    public init(set: String? = nil, daemons: [DaemonTerm]? = nil, service: String? = nil, role: RoleName? = nil) {
        self.set = set; self.daemons = daemons; self.service = service; self.role = role
    }
}

/// A daemon, a `$set` of daemons, or the daemons of a service (on hosts, or on roles in the pack).
public enum DaemonTerm: Codable, Sendable, Hashable {
    case name(DaemonName)
    case set(String)
    case query(DaemonQuery)

    public init(from decoder: any Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) {
            self = s.hasPrefix("$") ? .set(String(s.dropFirst())) : .name(DaemonName(s)); return
        }
        self = .query(try DaemonQuery(from: decoder))
    }
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .name(let d): var c = encoder.singleValueContainer(); try c.encode(d)
        case .set(let s): var c = encoder.singleValueContainer(); try c.encode("$" + s)
        case .query(let q): try q.encode(to: encoder)
        }
    }
}

/// The daemons of `service` (a template; `any`: every service) that run on `on` (default: the
/// step's hosts), in pack order; or, with `roles`, the daemons the pack places on those roles.
public struct DaemonQuery: Codable, Sendable, Hashable {
    public var service: String?
    public var roles: [RoleName]?
    public var on: HostExpr?
    /// `include`: with the daemons new in the target release; `only`: just those.
    public var new: NewDaemons?
    public enum NewDaemons: String, Codable, Sendable, Hashable { case include, only }
}

/// Text with `{variables}`; or a list of `{when, text}` of which the first that holds is used.
public enum TextTemplate: Codable, Sendable, Hashable {
    case plain(String)
    case choices([TextChoice])

    public init(from decoder: any Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) { self = .plain(s); return }
        self = .choices(try decoder.singleValueContainer().decode([TextChoice].self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .plain(let s): try c.encode(s)
        case .choices(let l): try c.encode(l)
        }
    }
}

public struct TextChoice: Codable, Sendable, Hashable {
    public var when: PlanCondition?
    public var text: String
}
