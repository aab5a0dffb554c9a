/// Pack format 2: the procedure of each method as data (docs/pack-format.md, "The procedure").
///
/// The planner interprets it: phases in order, each on a set of hosts (batched or not), each a
/// list of steps from the fixed vocabulary of `StepAction`, each kind with a declared effect on the
/// simulated state the safety check walks.
public struct Procedure: Codable, Sendable, Hashable {
    /// Named host sets (`computes: {daemons: [...]}`), usable wherever a host expression goes.
    public var hostSets: [String: HostExpr]
    /// Named daemon lists, referred to as `$name` in a daemon list.
    public var daemonSets: [String: [DaemonName]]
    /// Named conditions, referred to by name wherever a condition goes.
    public var conditions: [String: PlanCondition]
    /// Default `why` and `rollback` texts per step kind (the step's own texts win).
    public var texts: [String: StepTexts]
    /// Phases every method starts with, then each method's own, then phases every method ends with.
    public var before: [PhaseSpec]
    public var methods: [PlanMethod: MethodSpec]
    public var after: [PhaseSpec]
    /// The API whose downtime `plan --compare` forecasts per method (an `apis_down` name).
    public var keyAPI: String?

    enum CodingKeys: String, CodingKey {
        case hostSets = "host_sets", daemonSets = "daemon_sets", conditions, texts, before, after
        case offline, service, live, keyAPI = "key_api"
    }

    /// A procedure with no phases (a pack that declares none plans nothing).
    public static let empty = Procedure(hostSets: [:], daemonSets: [:], conditions: [:], texts: [:], before: [], methods: [:], after: [])

    public init(hostSets: [String: HostExpr], daemonSets: [String: [DaemonName]], conditions: [String: PlanCondition],
                texts: [String: StepTexts], before: [PhaseSpec], methods: [PlanMethod: MethodSpec], after: [PhaseSpec]) {
        self.hostSets = hostSets; self.daemonSets = daemonSets; self.conditions = conditions; self.texts = texts
        self.before = before; self.methods = methods; self.after = after
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostSets = try c.decodeIfPresent([String: HostExpr].self, forKey: .hostSets) ?? [:]
        daemonSets = try c.decodeIfPresent([String: [DaemonName]].self, forKey: .daemonSets) ?? [:]
        conditions = try c.decodeIfPresent([String: PlanCondition].self, forKey: .conditions) ?? [:]
        texts = try c.decodeIfPresent([String: StepTexts].self, forKey: .texts) ?? [:]
        before = try c.decodeIfPresent([PhaseSpec].self, forKey: .before) ?? []
        after = try c.decodeIfPresent([PhaseSpec].self, forKey: .after) ?? []
        keyAPI = try c.decodeIfPresent(String.self, forKey: .keyAPI)
        var m: [PlanMethod: MethodSpec] = [:]
        m[.offline] = try c.decodeIfPresent(MethodSpec.self, forKey: .offline)
        m[.service] = try c.decodeIfPresent(MethodSpec.self, forKey: .service)
        m[.live] = try c.decodeIfPresent(MethodSpec.self, forKey: .live)
        methods = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hostSets, forKey: .hostSets); try c.encode(daemonSets, forKey: .daemonSets)
        try c.encode(conditions, forKey: .conditions); try c.encode(texts, forKey: .texts)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after)
        try c.encodeIfPresent(keyAPI, forKey: .keyAPI)
        try c.encodeIfPresent(methods[.offline], forKey: .offline)
        try c.encodeIfPresent(methods[.service], forKey: .service)
        try c.encodeIfPresent(methods[.live], forKey: .live)
    }
}

/// One method: the decisions its plans record, its phases in order, and what `plan --compare`
/// says about it.
public struct MethodSpec: Codable, Sendable, Hashable {
    public var decisions: [DecisionSpec]
    public var phases: [PhaseSpec]
    public var notes: [TextTemplate]
    enum CodingKeys: String, CodingKey { case decisions, phases, notes }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        decisions = try c.decodeIfPresent([DecisionSpec].self, forKey: .decisions) ?? []
        phases = try c.decodeIfPresent([PhaseSpec].self, forKey: .phases) ?? []
        notes = try c.decodeIfPresent([TextTemplate].self, forKey: .notes) ?? []
    }
}

/// A decision a plan records when `when` holds (the events order, the pin), with its reason.
public struct DecisionSpec: Codable, Sendable, Hashable {
    public var id: String
    public var when: PlanCondition?
    public var summary: TextTemplate
    public var reason: TextTemplate
}

/// A phase of a method. With `for_each`, one phase per service; with `batches`, its steps repeat
/// for each batch of its hosts (canary first, then `--batch-size`, by group with `--by-group`).
public struct PhaseSpec: Codable, Sendable, Hashable {
    public var id: String
    public var title: TextTemplate
    public var summary: TextTemplate
    /// APIs unavailable during the phase; in a `for_each` phase, absent means the service's `outage`.
    public var apisDown: [String]?
    public var bootsAffected: Bool?
    public var when: PlanCondition?
    public var forEach: ForEachService?
    /// The service the phase's steps belong to (what a `for_each` phase sets for each service).
    public var service: ServiceName?
    /// The phase's hosts (`phase` in its steps); default: the hosts running the phase's service, or all.
    public var hosts: HostExpr?
    public var batches: BatchSpec?
    public var steps: [StepSpec]

    enum CodingKeys: String, CodingKey {
        case id, title, summary, apisDown = "apis_down", bootsAffected = "boots_affected", when
        case forEach = "for_each", service, hosts, batches, steps
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(TextTemplate.self, forKey: .title)
        summary = try c.decode(TextTemplate.self, forKey: .summary)
        apisDown = try c.decodeIfPresent([String].self, forKey: .apisDown)
        bootsAffected = try c.decodeIfPresent(Bool.self, forKey: .bootsAffected)
        when = try c.decodeIfPresent(PlanCondition.self, forKey: .when)
        forEach = try c.decodeIfPresent(ForEachService.self, forKey: .forEach)
        service = try c.decodeIfPresent(ServiceName.self, forKey: .service)
        hosts = try c.decodeIfPresent(HostExpr.self, forKey: .hosts)
        batches = try c.decodeIfPresent(BatchSpec.self, forKey: .batches)
        steps = try c.decodeIfPresent([StepSpec].self, forKey: .steps) ?? []
    }
}

/// Repeats a phase or a group of steps for each enabled service of the pack, in pack order.
public struct ForEachService: Codable, Sendable, Hashable {
    public var except: [ServiceName]
    /// Skip services that run on no host (a phase without hosts is not begun).
    public var skipWithoutHosts: Bool
    enum CodingKeys: String, CodingKey { case except, skipWithoutHosts = "skip_without_hosts" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        except = try c.decodeIfPresent([ServiceName].self, forKey: .except) ?? []
        skipWithoutHosts = try c.decodeIfPresent(Bool.self, forKey: .skipWithoutHosts) ?? false
    }
}

/// The phase header of the canary batch (`--canary N` hosts first, in a phase of their own).
public struct BatchSpec: Codable, Sendable, Hashable {
    public var canary: PhaseHeader?
}

public struct PhaseHeader: Codable, Sendable, Hashable {
    public var id: String
    public var title: TextTemplate
    public var summary: TextTemplate
}

/// Default texts of a step kind.
public struct StepTexts: Codable, Sendable, Hashable {
    public var why: TextTemplate?
    public var rollback: TextTemplate?
}

/// What a service's own phase costs users (`for_each` phases read it).
public struct ServiceOutage: Codable, Sendable, Hashable {
    public var api: Bool
    public var boots: Bool
    enum CodingKeys: String, CodingKey { case api, boots }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        api = try c.decodeIfPresent(Bool.self, forKey: .api) ?? false
        boots = try c.decodeIfPresent(Bool.self, forKey: .boots) ?? false
    }
}

/// A named set of option values in one file (a pin, an escape, its defaults).
public struct OptionSetSpec: Codable, Sendable, Hashable {
    public var file: String
    public var values: [OptionValue]
    public init(file: String, values: [OptionValue]) { self.file = file; self.values = values }
}
