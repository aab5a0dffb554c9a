/// A condition on one config option of a daemon's host, read from the simulated state.
///
/// The value compared is the option's value on the host, or `default` when it is unset. Booleans
/// compare case-insensitively (`True` = `true`). Placeholders (`{{secret:…}}`) count as set.
public struct ConfigCondition: Codable, Sendable, Hashable {
    public var file: String
    public var option: OptionRef
    public var `default`: String?
    /// Matches when the value is one of these.
    public var `in`: [String]?
    /// Matches when the value is none of these (an unset option with no default matches).
    public var notIn: [String]?
    /// Matches on presence (true: set, false: unset) instead of value.
    public var set: Bool?
    /// Matches when the value does not end with this suffix (`/v2`).
    public var lacksSuffix: String?
    enum CodingKeys: String, CodingKey {
        case file, option, `default`, `in`, notIn = "not_in", set, lacksSuffix = "lacks_suffix"
    }
    public init(file: String, option: OptionRef, in values: [String]? = nil, set: Bool? = nil) {
        self.file = file; self.option = option; self.in = values; self.set = set
    }
}

/// Package version compared with a bound, read from discovered facts.
public struct PackageCondition: Codable, Sendable, Hashable {
    public var name: String
    /// Matches when the installed version is lower than this (RPM-style comparison).
    public var below: String
}

/// Selects daemon instances (one daemon on one host) in a state.
public struct DaemonSelector: Codable, Sendable, Hashable {
    public var daemons: [DaemonName]?
    public var services: [ServiceName]?
    public var except: [DaemonName]?
    public var role: RoleName?
    public var version: VersionSide?
    public var running: Bool?
    /// The schema side of the database of the daemon's service.
    public var schema: VersionSide?
    /// All of these must match.
    public var config: [ConfigCondition]?
    /// The host also runs one of these daemons.
    public var colocatedWith: [DaemonName]?
    /// From facts: the host's package is older than a bound. Unknown facts never match.
    public var package: PackageCondition?
    /// Whether the scheduler may place new instances on it (computes; `nova service-disable`).
    public var scheduling: Bool?
    enum CodingKeys: String, CodingKey {
        case daemons, services, except, role, version, running, schema, config
        case colocatedWith = "colocated_with", package, scheduling
    }
    public init(daemons: [DaemonName]? = nil, services: [ServiceName]? = nil, version: VersionSide? = nil, running: Bool? = nil) {
        self.daemons = daemons; self.services = services; self.version = version; self.running = running
    }
}

/// Selects databases in a state.
public struct DatabaseSelector: Codable, Sendable, Hashable {
    public var names: [DatabaseName]?
    public var schema: VersionSide?
    /// Whether a backup was taken in this run.
    public var backup: Bool?
    /// From facts: the current version is not this one (unknown facts never match).
    public var versionNot: String?
    /// From facts: the current version is this one (unknown facts never match).
    public var versionIs: String?
    /// From facts: a named flag reported by discovery (`non_utf8_tables`).
    public var flag: String?
    enum CodingKeys: String, CodingKey { case names, schema, backup, versionNot = "version_not", versionIs = "version_is", flag }
}

/// A condition over a whole simulated state. In YAML, an object with exactly one key.
public indirect enum Condition: Codable, Sendable, Hashable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    /// Some daemon instance matches.
    case some(DaemonSelector)
    /// No daemon instance matches.
    case none(DaemonSelector)
    /// Some database matches.
    case database(DatabaseSelector)
    /// A pack setting has this value (`name=value`).
    case setting(String)
    /// The plan's method is one of these.
    case method([PlanMethod])
    /// Hosts disagree on one of these host fields (`os`, `release`).
    case hostsDiffer([String])

    enum Key: String, CodingKey, CaseIterable {
        case all, any, not, some, none, database, setting, method, hostsDiffer = "hosts_differ"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a condition has exactly one of: \(Key.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        switch key {
        case .all: self = .all(try c.decode([Condition].self, forKey: key))
        case .any: self = .any(try c.decode([Condition].self, forKey: key))
        case .not: self = .not(try c.decode(Condition.self, forKey: key))
        case .some: self = .some(try c.decode(DaemonSelector.self, forKey: key))
        case .none: self = .none(try c.decode(DaemonSelector.self, forKey: key))
        case .database: self = .database(try c.decode(DatabaseSelector.self, forKey: key))
        case .setting: self = .setting(try c.decode(String.self, forKey: key))
        case .method: self = .method(try c.decode([PlanMethod].self, forKey: key))
        case .hostsDiffer: self = .hostsDiffer(try c.decode([String].self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .all(let v): try c.encode(v, forKey: .all)
        case .any(let v): try c.encode(v, forKey: .any)
        case .not(let v): try c.encode(v, forKey: .not)
        case .some(let v): try c.encode(v, forKey: .some)
        case .none(let v): try c.encode(v, forKey: .none)
        case .database(let v): try c.encode(v, forKey: .database)
        case .setting(let v): try c.encode(v, forKey: .setting)
        case .method(let v): try c.encode(v, forKey: .method)
        case .hostsDiffer(let v): try c.encode(v, forKey: .hostsDiffer)
        }
    }
}

/// A compatibility rule of mixed-version states, evaluated in every state a plan passes through.
///
/// Broken when some daemon instance (or database) matches `subject` and `when` (if any) holds
/// in that state. The diagnostic names the matching hosts, the step, the rule and its source.
public struct CompatRule: Codable, Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var summary: String
    public var consequence: String
    public var fix: String
    public var source: String
    /// Derived from code rather than a published document.
    public var derived: Bool
    public var subject: DaemonSelector?
    public var subjectDatabase: DatabaseSelector?
    public var when: Condition?
    enum CodingKeys: String, CodingKey {
        case id, severity, summary, consequence, fix, source, derived, subject
        case subjectDatabase = "subject_database", when
    }
    public init(id: String, severity: Severity, summary: String, consequence: String = "", fix: String, source: String = "",
                derived: Bool = false, subject: DaemonSelector? = nil) {
        self.id = id; self.severity = severity; self.summary = summary; self.consequence = consequence; self.fix = fix
        self.source = source; self.derived = derived; self.subject = subject
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        severity = try c.decode(Severity.self, forKey: .severity)
        summary = try c.decode(String.self, forKey: .summary)
        consequence = try c.decodeIfPresent(String.self, forKey: .consequence) ?? ""
        fix = try c.decode(String.self, forKey: .fix)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        derived = try c.decodeIfPresent(Bool.self, forKey: .derived) ?? false
        subject = try c.decodeIfPresent(DaemonSelector.self, forKey: .subject)
        subjectDatabase = try c.decodeIfPresent(DatabaseSelector.self, forKey: .subjectDatabase)
        when = try c.decodeIfPresent(Condition.self, forKey: .when)
    }
}

/// A pre-flight rule: evaluated once on the starting state (inventory + facts) for the methods listed.
public struct PreflightRule: Codable, Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var methods: [PlanMethod]
    public var summary: String
    public var fix: String
    public var source: String
    public var subject: DaemonSelector?
    public var subjectDatabase: DatabaseSelector?
    public var when: Condition?
    enum CodingKeys: String, CodingKey {
        case id, severity, methods, summary, fix, source, subject, subjectDatabase = "subject_database", when
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        severity = try c.decode(Severity.self, forKey: .severity)
        methods = try c.decodeIfPresent([PlanMethod].self, forKey: .methods) ?? PlanMethod.allCases
        summary = try c.decode(String.self, forKey: .summary)
        fix = try c.decode(String.self, forKey: .fix)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        subject = try c.decodeIfPresent(DaemonSelector.self, forKey: .subject)
        subjectDatabase = try c.decodeIfPresent(DatabaseSelector.self, forKey: .subjectDatabase)
        when = try c.decodeIfPresent(Condition.self, forKey: .when)
    }
}
