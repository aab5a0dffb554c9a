/// Which side of the release step a piece of code or a schema is on.
public enum VersionSide: String, Codable, Sendable, Hashable { case from, to }

/// The upgrade method the operator chose.
public enum PlanMethod: String, Codable, Sendable, CaseIterable, Hashable {
    case offline, service, live
}

/// A transition pack: the knowledge of one release step as data. Format: docs/pack-format.md.
public struct Pack: Codable, Sendable {
    public static let currentFormatVersion = 2
    public var formatVersion: Int
    public var name: String
    public var from: ReleaseName
    public var to: ReleaseName
    public var summary: String
    public var roles: [RoleSpec]
    public var repositories: RepositorySwitch?
    public var settings: [PackSetting]
    /// Services in the pack's reference order (the order of the service-by-service method).
    public var services: [ServiceSpec]
    /// Choices of procedure the operator makes per plan (`--option NAME=VALUE`), read by `{option:}` conditions.
    public var planOptions: [PackChoice]
    /// Facts about the whole cloud an inventory states under `settings:` (`networking`), read by
    /// `{setting: cloud.NAME=VALUE}` conditions; an inventory that leaves one out gets its default.
    public var cloudSettings: [PackChoice]
    /// Format 2: named option values the procedure sets and removes (a pin, an escape, its defaults).
    public var optionSets: [String: OptionSetSpec]
    /// Format 2: the procedure of each method.
    public var procedure: Procedure?
    /// Whether the pack's procedure declares `method` (a pack without a procedure offers all).
    public func offers(_ method: PlanMethod) -> Bool { procedure.map { $0.methods[method] != nil } ?? true }
    /// The methods the pack declares, in the order offline, service, live.
    public var offeredMethods: [PlanMethod] { PlanMethod.allCases.filter(offers) }
    /// Rules evaluated on the state a plan ends in (a pin or an escape left behind).
    public var finalChecks: [CompatRule]
    /// The name the scheduler knows a compute by (`service_host`).
    public var serviceHost: ServiceHostSpec?
    public var rules: [CompatRule]
    public var preflight: [PreflightRule]
    /// Declared per-action duration estimates in seconds; used only for a labelled forecast.
    public var estimates: [String: Int]
    /// Client commands the pack's steps run on the API host (PackClient.swift).
    public var client: PackClient
    /// How the workload probe exercises this step's cloud (nil: the pack has no probe).
    public var probe: ProbeSpec?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, from, to, summary, roles, repositories, settings
        case services, planOptions = "plan_options", cloudSettings = "cloud_settings", serviceHost = "service_host", rules, preflight, estimates, client, probe
        case optionSets = "option_sets", procedure, finalChecks = "final_checks"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        name = try c.decode(String.self, forKey: .name)
        from = try c.decode(ReleaseName.self, forKey: .from)
        to = try c.decode(ReleaseName.self, forKey: .to)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        roles = try c.decode([RoleSpec].self, forKey: .roles)
        repositories = try c.decodeIfPresent(RepositorySwitch.self, forKey: .repositories)
        settings = try c.decodeIfPresent([PackSetting].self, forKey: .settings) ?? []
        services = try c.decode([ServiceSpec].self, forKey: .services)
        planOptions = try c.decodeIfPresent([PackChoice].self, forKey: .planOptions) ?? []
        cloudSettings = try c.decodeIfPresent([PackChoice].self, forKey: .cloudSettings) ?? []
        optionSets = try c.decodeIfPresent([String: OptionSetSpec].self, forKey: .optionSets) ?? [:]
        procedure = try c.decodeIfPresent(Procedure.self, forKey: .procedure)
        finalChecks = try c.decodeIfPresent([CompatRule].self, forKey: .finalChecks) ?? []
        serviceHost = try c.decodeIfPresent(ServiceHostSpec.self, forKey: .serviceHost)
        rules = try c.decodeIfPresent([CompatRule].self, forKey: .rules) ?? []
        preflight = try c.decodeIfPresent([PreflightRule].self, forKey: .preflight) ?? []
        estimates = try c.decodeIfPresent([String: Int].self, forKey: .estimates) ?? [:]
        client = try c.decodeIfPresent(PackClient.self, forKey: .client) ?? PackClient()
        probe = try c.decodeIfPresent(ProbeSpec.self, forKey: .probe)
    }

    public func service(_ name: ServiceName) -> ServiceSpec? { services.first { $0.name == name } }
    public func role(_ name: RoleName) -> RoleSpec? { roles.first { $0.name == name } }
    public func setting(_ name: String) -> PackSetting? { settings.first { $0.name == name } }
    public func planOption(_ name: String) -> PackChoice? { planOptions.first { $0.name == name } }
    public func cloudSetting(_ name: String) -> PackChoice? { cloudSettings.first { $0.name == name } }
    /// The value of cloud setting `name` for `inventory`: as the inventory states it, else the pack's default.
    public func cloudValue(_ name: String, in inventory: Inventory) -> String? {
        inventory.settings.values[name] ?? cloudSetting(name)?.default
    }

    /// The service a daemon belongs to.
    public func service(ofDaemon d: DaemonName) -> ServiceSpec? {
        services.first { s in s.daemons.contains { $0.daemons.contains(d) } }
    }
}

public struct RoleSpec: Codable, Sendable, Hashable {
    public var name: RoleName
    public var description: String
    /// Roles this one must not share a host with.
    public var conflicts: [RoleName]
    /// Every cloud has a host with this role (`inventory.missing-role` otherwise).
    public var required: Bool
    enum CodingKeys: String, CodingKey { case name, description, conflicts, required }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(RoleName.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        conflicts = try c.decodeIfPresent([RoleName].self, forKey: .conflicts) ?? []
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
    }
}

/// The package repository swap done on every host first (rdo-release-havana → rdo-release-icehouse).
public struct RepositorySwitch: Codable, Sendable, Hashable {
    public var remove: [String]
    public var install: String
    /// The package `install` provides (what a rollback erases).
    public var package: String?
    /// Where the old release's repository package comes from (what a rollback installs again).
    public var restore: String?
}

/// A choice the pack leaves to the operator (`--set NAME=VALUE`), with its default and reasons.
public struct PackSetting: Codable, Sendable, Hashable {
    public var name: String
    public var `default`: String
    public var description: String
}

/// A named choice the pack declares with its allowed values and default: a plan option (`--option
/// NAME=VALUE`, tested by `{option:}`) or a cloud setting (inventory `settings:`, tested by `{setting: cloud.NAME=}`).
public struct PackChoice: Codable, Sendable, Hashable {
    public var name: String
    public var values: [String]
    public var `default`: String
    public var description: String
    enum CodingKeys: String, CodingKey { case name, values, `default`, description }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        values = try c.decode([String].self, forKey: .values)
        self.default = try c.decode(String.self, forKey: .default)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
    }
}

/// Daemons a service runs on hosts of one role.
public struct RoleDaemons: Codable, Sendable, Hashable {
    public var role: RoleName
    public var daemons: [DaemonName]
}

/// A service (component) of the cloud and everything an upgrade does to it.
public struct ServiceSpec: Codable, Sendable {
    public var name: ServiceName
    public var description: String
    /// yum globs upgraded for this service (`*nova*`).
    public var packages: [String]
    /// Packages new in the target release that `yum upgrade` would not install.
    public var install: [String]
    /// Daemons that appear with the target release (installed, enabled and started by the plan).
    public var newDaemons: [RoleDaemons]
    public var daemons: [RoleDaemons]
    /// The service's databases, in sync order (format 1: `database:`, one; format 2: `databases:`).
    public var databases: [DatabaseSpec]
    public var config: [ConfigFileSpec]
    /// What the service's own phase costs users (format 2 `for_each` phases).
    public var outage: ServiceOutage?
    /// Command that exits 0 when a daemon is healthy; `{daemon}` is replaced. Defaults to the init system's status.
    public var health: String?
    /// The package whose version tells the code version (`openstack-nova-common`).
    public var versionPackage: String?
    /// Code version prefix of the target release (`2014.1`).
    public var targetVersion: String?

    enum CodingKeys: String, CodingKey {
        case name, description, packages, install, newDaemons = "new_daemons", daemons, database, databases, config, health
        case versionPackage = "version_package", targetVersion = "target_version", outage
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(ServiceName.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        packages = try c.decodeIfPresent([String].self, forKey: .packages) ?? []
        install = try c.decodeIfPresent([String].self, forKey: .install) ?? []
        newDaemons = try c.decodeIfPresent([RoleDaemons].self, forKey: .newDaemons) ?? []
        daemons = try c.decodeIfPresent([RoleDaemons].self, forKey: .daemons) ?? []
        databases = try c.decodeIfPresent([DatabaseSpec].self, forKey: .databases)
            ?? (try c.decodeIfPresent(DatabaseSpec.self, forKey: .database)).map { [$0] } ?? []
        outage = try c.decodeIfPresent(ServiceOutage.self, forKey: .outage)
        config = try c.decodeIfPresent([ConfigFileSpec].self, forKey: .config) ?? []
        health = try c.decodeIfPresent(String.self, forKey: .health)
        versionPackage = try c.decodeIfPresent(String.self, forKey: .versionPackage)
        targetVersion = try c.decodeIfPresent(String.self, forKey: .targetVersion)
    }

    /// The first database (the one a single-database service has).
    public var database: DatabaseSpec? { databases.first }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(description, forKey: .description)
        try c.encode(packages, forKey: .packages); try c.encode(install, forKey: .install)
        try c.encode(newDaemons, forKey: .newDaemons); try c.encode(daemons, forKey: .daemons)
        try c.encode(databases, forKey: .databases); try c.encode(config, forKey: .config)
        try c.encodeIfPresent(health, forKey: .health); try c.encodeIfPresent(versionPackage, forKey: .versionPackage)
        try c.encodeIfPresent(targetVersion, forKey: .targetVersion); try c.encodeIfPresent(outage, forKey: .outage)
    }

    /// Daemons of this service on a host with the given roles, in pack order, without duplicates.
    public func daemons(forRoles roles: [RoleName], includeNew: Bool = false) -> [DaemonName] {
        var out: [DaemonName] = []
        for rd in daemons + (includeNew ? newDaemons : []) where roles.contains(rd.role) {
            for d in rd.daemons where !out.contains(d) { out.append(d) }
        }
        return out
    }
    public var allDaemons: [DaemonName] {
        var out: [DaemonName] = []
        for rd in daemons + newDaemons { for d in rd.daemons where !out.contains(d) { out.append(d) } }
        return out
    }
}

/// The database engine, which decides the backup command.
public enum DatabaseEngine: String, Codable, Sendable, Hashable { case mysql, mongodb }

public struct DatabaseSpec: Codable, Sendable, Hashable {
    public var name: DatabaseName
    public var engine: DatabaseEngine
    /// The schema sync command, run as `user` on one host of `role`.
    public var sync: String
    public var user: String
    public var role: RoleName
    /// Commands run before the sync (keystone's token_flush).
    public var preSync: [String]
    public var versionCommand: String?
    public var fromVersion: String?
    public var toVersion: String?
    /// Heads of later point releases of the target (nova 234 from 2014.1.3): a schema found at one
    /// of them is synced too. Versions are compared as the version command prints them.
    public var laterHeads: [String]
    /// The first sync of this database cannot be undone other than by restoring the backup.
    public var pointOfNoReturn: Bool
    /// Read-only queries discovery runs against this database; each sets its flag when it returns rows.
    public var discover: [DatabaseQuery]

    enum CodingKeys: String, CodingKey {
        case name, engine, sync, user, role, preSync = "pre_sync", versionCommand = "version_command"
        case fromVersion = "from_version", toVersion = "to_version", pointOfNoReturn = "point_of_no_return"
        case laterHeads = "later_heads", discover
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(DatabaseName.self, forKey: .name)
        engine = try c.decodeIfPresent(DatabaseEngine.self, forKey: .engine) ?? .mysql
        sync = try c.decode(String.self, forKey: .sync)
        user = try c.decode(String.self, forKey: .user)
        role = try c.decodeIfPresent(RoleName.self, forKey: .role) ?? "controller"
        preSync = try c.decodeIfPresent([String].self, forKey: .preSync) ?? []
        versionCommand = try c.decodeIfPresent(String.self, forKey: .versionCommand)
        fromVersion = try c.decodeIfPresent(String.self, forKey: .fromVersion)
        toVersion = try c.decodeIfPresent(String.self, forKey: .toVersion)
        laterHeads = try c.decodeIfPresent([String].self, forKey: .laterHeads) ?? []
        pointOfNoReturn = try c.decodeIfPresent(Bool.self, forKey: .pointOfNoReturn) ?? false
        discover = try c.decodeIfPresent([DatabaseQuery].self, forKey: .discover) ?? []
    }
}

/// A read-only SQL query discovery runs against a database with the platform's `db-query-mysql`: when
/// it returns rows (one per line), the database's facts get `flag`, which rules test with
/// `subject_database: {flag: NAME}`. `source` says where the fact comes from.
public struct DatabaseQuery: Codable, Sendable, Hashable {
    public var flag: String
    public var sql: String
    public var source: String?
    public init(flag: String, sql: String, source: String? = nil) { self.flag = flag; self.sql = sql; self.source = source }
}
