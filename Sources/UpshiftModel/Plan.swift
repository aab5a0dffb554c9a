/// What a step does. The JSON name is the raw value.
public enum StepAction: String, Codable, Sendable, CaseIterable, Hashable {
    case repoSwitch = "repo-switch"
    case stop, start, restart, enable
    case upgradePackages = "upgrade-packages"
    /// Fetch the new release's packages into yum's cache while everything runs (no install).
    case downloadPackages = "download-packages"
    case installPackages = "install-packages"
    case setOption = "set-option"
    case unsetOption = "unset-option"
    case migrateConfig = "migrate-config"
    case pinRPC = "pin-rpc"
    case unpinRPC = "unpin-rpc"
    case backupDatabase = "backup-db"
    case run
    case syncSchema = "sync-schema"
    case disableCompute = "disable-compute"
    case enableCompute = "enable-compute"
    case waitHealthy = "wait-healthy"
    case verifyVersion = "verify-version"
    case lookup
    case pause
    case osUpgrade = "os-upgrade"
    /// An operator's command from the inventory's `hooks:`, run as written.
    case hook
    /// Install the new release's code beside the old one (a new virtualenv); nothing running changes.
    case installCode = "install-code"
    /// Point the active code at the new release (a `current` symlink): daemons run it from their next start.
    case switchCode = "switch-code"
    /// Ask running daemons to re-read their configuration (SIGHUP); they keep their code.
    case reload
    /// A pre/post check: a command whose exit status must be one of `accept` (default 0).
    case check
    /// A query run on an API host for each target (`{target}`): its output must show `expect`.
    case verifyQuery = "verify-query"
    /// A workload operation on each target (boot and delete a server on the canary hosts).
    case workload

    /// Steps whose effect is a config file edit, carried out through the lossless editor.
    public var isConfigEdit: Bool {
        [.setOption, .unsetOption, .migrateConfig, .pinRPC, .unpinRPC].contains(self)
    }
}

/// Parameters of a step; which ones are present depends on the action.
public struct StepParams: Codable, Sendable, Hashable {
    public var daemons: [DaemonName]?
    public var packages: [String]?
    public var file: String?
    /// Option edits: for set-option/pin-rpc the values to set; for unset-option/unpin-rpc the options to remove.
    public var options: [OptionValue]?
    public var database: DatabaseName?
    public var command: String?
    public var user: String?
    public var path: String?
    public var variable: String?
    public var field: String?
    public var reason: String?
    /// For verify-version: the package and the version prefix every host must report.
    public var package: String?
    public var version: String?
    public var repoRemove: [String]?
    public var repoInstall: String?
    /// For repo-switch rollback: the package `repoInstall` provides, and the old repository package to reinstall.
    public var repoPackage: String?
    public var repoRestore: String?
    /// For disable/enable-compute and lookups: the hosts whose compute service is acted on (the
    /// step itself runs on an API host).
    public var targets: [HostName]?
    /// For disable/enable-compute and the compute health check: inventory name → the name the
    /// scheduler knows the host by (`service_host`, from discovered facts).
    public var serviceHosts: [String: String]?
    /// For migrate-config: the service whose pack changes apply.
    public var service: ServiceName?
    /// For run and check: the exit statuses that count as success (default [0]).
    public var accept: [Int32]?
    /// For run: run the command again while it exits with this status (`online_data_migrations`: 1)...
    public var retryWhile: Int32?
    /// ... at most this many runs in all.
    public var retryLimit: Int?
    /// For stop: seconds to wait for the daemons to end before they are killed (the kill is recorded).
    public var timeout: Int?
    /// For verify-query: what the output must show for each target.
    public var expect: String?

    public init() {}
    enum CodingKeys: String, CodingKey {
        case daemons, packages, file, options, database, command, user, path, variable, field, reason
        case package, version, repoRemove = "repo_remove", repoInstall = "repo_install", targets, service
        case repoPackage = "repo_package", repoRestore = "repo_restore", serviceHosts = "service_hosts"
        case accept, retryWhile = "retry_while", retryLimit = "retry_limit", timeout, expect
    }
}

/// One step of a plan: an action on a set of hosts, in execution order.
public struct Step: Codable, Sendable, Hashable, Identifiable {
    public var id: StepID
    public var phase: PhaseID
    /// Compute batch number (0 = canary) for batched phases.
    public var batch: Int?
    public var action: StepAction
    public var service: ServiceName?
    public var hosts: [HostName]
    public var params: StepParams
    /// Steps that must have completed first (derived from the pack's ordering and the method).
    public var after: [StepID]
    public var reversible: Bool
    /// How to undo this step (shown to people; `rollback` executes it for reversible steps).
    public var rollback: String?
    public var pointOfNoReturn: Bool
    /// Why the step is here, in one sentence.
    public var why: String?
    /// A re-run is harmless (resume re-runs it); otherwise resume verifies on the host first.
    public var idempotent: Bool

    public init(id: StepID, phase: PhaseID, batch: Int? = nil, action: StepAction, service: ServiceName? = nil,
                hosts: [HostName], params: StepParams = .init(), after: [StepID] = [], reversible: Bool,
                rollback: String? = nil, pointOfNoReturn: Bool = false, why: String? = nil, idempotent: Bool = true) {
        self.id = id; self.phase = phase; self.batch = batch; self.action = action; self.service = service
        self.hosts = hosts; self.params = params; self.after = after; self.reversible = reversible
        self.rollback = rollback; self.pointOfNoReturn = pointOfNoReturn; self.why = why; self.idempotent = idempotent
    }

    enum CodingKeys: String, CodingKey {
        case id, phase, batch, action, service, hosts, params, after, reversible, rollback
        case pointOfNoReturn = "point_of_no_return", why, idempotent
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(StepID.self, forKey: .id)
        phase = try c.decode(PhaseID.self, forKey: .phase)
        batch = try c.decodeIfPresent(Int.self, forKey: .batch)
        action = try c.decode(StepAction.self, forKey: .action)
        service = try c.decodeIfPresent(ServiceName.self, forKey: .service)
        hosts = try c.decode([HostName].self, forKey: .hosts)
        params = try c.decodeIfPresent(StepParams.self, forKey: .params) ?? .init()
        after = try c.decodeIfPresent([StepID].self, forKey: .after) ?? []
        reversible = try c.decode(Bool.self, forKey: .reversible)
        rollback = try c.decodeIfPresent(String.self, forKey: .rollback)
        pointOfNoReturn = try c.decodeIfPresent(Bool.self, forKey: .pointOfNoReturn) ?? false
        why = try c.decodeIfPresent(String.self, forKey: .why)
        idempotent = try c.decodeIfPresent(Bool.self, forKey: .idempotent) ?? true
    }
}

/// A phase of a plan and what it costs users while it runs.
public struct PhaseInfo: Codable, Sendable, Hashable {
    public var id: PhaseID
    public var title: String
    public var summary: String
    /// APIs that are unavailable during (part of) this phase.
    public var apisDown: [String]
    /// Whether new instance boots (or running instances) are affected during this phase.
    public var bootsAffected: Bool
    public init(id: PhaseID, title: String, summary: String, apisDown: [String] = [], bootsAffected: Bool = false) {
        self.id = id; self.title = title; self.summary = summary; self.apisDown = apisDown; self.bootsAffected = bootsAffected
    }
    enum CodingKeys: String, CodingKey { case id, title, summary, apisDown = "apis_down", bootsAffected = "boots_affected" }
}

/// A decision the planner took explicitly (the VIF-event handling, the RPC pin), with its reason.
public struct Decision: Codable, Sendable, Hashable {
    public var id: String
    public var summary: String
    public var reason: String
    public init(id: String, summary: String, reason: String) { self.id = id; self.summary = summary; self.reason = reason }
}

/// The options a plan was made with: the engine's own (batches, canary, pauses, OS update) and the
/// pack's plan options (`plan_options` of the pack, defaults filled in). In JSON the pack's options
/// sit beside the engine's, by name (`"events": "auto"`); a pack may not declare an engine option's name.
public struct PlanOptions: Codable, Sendable, Hashable {
    public var batchSize: Int
    public var canary: Int
    public var byGroup: Bool
    public var pauseAfter: [PhaseID]
    public var osUpgrade: Bool
    /// The pack's plan options as chosen (`--option NAME=VALUE`; defaults filled in by the planner).
    public var packOptions: [String: String]
    /// Pack settings as chosen (defaults filled in).
    public var settings: [String: String]
    public init(batchSize: Int = 5, canary: Int = 1, byGroup: Bool = false, pauseAfter: [PhaseID] = [],
                osUpgrade: Bool = false, packOptions: [String: String] = [:], settings: [String: String] = [:]) {
        self.batchSize = batchSize; self.canary = canary; self.byGroup = byGroup; self.pauseAfter = pauseAfter
        self.osUpgrade = osUpgrade; self.packOptions = packOptions; self.settings = settings
    }

    /// The names of the engine's own options (JSON keys and `{option: NAME=VALUE}` conditions).
    public static let engineNames: Set<String> = ["batch_size", "canary", "by_group", "pause_after", "os_upgrade", "settings"]

    typealias Key = DynamicCodingKey

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        batchSize = try c.decode(Int.self, forKey: Key("batch_size"))
        canary = try c.decode(Int.self, forKey: Key("canary"))
        byGroup = try c.decodeIfPresent(Bool.self, forKey: Key("by_group")) ?? false
        pauseAfter = try c.decodeIfPresent([PhaseID].self, forKey: Key("pause_after")) ?? []
        osUpgrade = try c.decodeIfPresent(Bool.self, forKey: Key("os_upgrade")) ?? false
        settings = try c.decodeIfPresent([String: String].self, forKey: Key("settings")) ?? [:]
        packOptions = [:]
        for k in c.allKeys where !Self.engineNames.contains(k.stringValue) {
            packOptions[k.stringValue] = try c.decode(String.self, forKey: k)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(batchSize, forKey: Key("batch_size")); try c.encode(canary, forKey: Key("canary"))
        try c.encode(byGroup, forKey: Key("by_group")); try c.encode(pauseAfter, forKey: Key("pause_after"))
        try c.encode(osUpgrade, forKey: Key("os_upgrade")); try c.encode(settings, forKey: Key("settings"))
        for (k, v) in packOptions.sorted(by: { $0.key < $1.key }) where !Self.engineNames.contains(k) { try c.encode(v, forKey: Key(k)) }
    }
}

/// Identity of an input a plan came from: apply refuses when the hash no longer matches.
public struct InputRef: Codable, Sendable, Hashable {
    public var name: String
    public var sha256: String
    public init(name: String, sha256: String) { self.name = name; self.sha256 = sha256 }
}

/// A plan: an immutable, ordered list of steps. Format documented in docs/plan-format.md.
public struct Plan: Codable, Sendable, Hashable {
    public static let currentFormatVersion = 1
    public var formatVersion: Int
    /// The Upshift that wrote the plan (nil in plans written before it was recorded).
    public var upshiftVersion: String?
    public var method: PlanMethod
    public var from: ReleaseName
    public var to: ReleaseName
    public var pack: InputRef
    public var inventory: InputRef
    /// The platform files (docs/platforms.md) the hosts used, by name and hash; nil when only
    /// built-in platforms were used. `apply` refuses a plan whose platform files changed.
    public var platforms: [InputRef]?
    public var hosts: [HostName]
    public var options: PlanOptions
    public var decisions: [Decision]
    public var phases: [PhaseInfo]
    public var steps: [Step]

    public init(method: PlanMethod, from: ReleaseName, to: ReleaseName, pack: InputRef, inventory: InputRef,
                hosts: [HostName], options: PlanOptions, decisions: [Decision], phases: [PhaseInfo], steps: [Step]) {
        self.formatVersion = Plan.currentFormatVersion
        self.upshiftVersion = UpshiftVersion.current
        self.method = method; self.from = from; self.to = to; self.pack = pack; self.inventory = inventory
        self.hosts = hosts; self.options = options; self.decisions = decisions; self.phases = phases; self.steps = steps
    }
    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", upshiftVersion = "upshift_version", method, from, to, pack, inventory, platforms, hosts
        case options, decisions, phases, steps
    }

    public func step(_ id: StepID) -> Step? { steps.first { $0.id == id } }
    /// The first step marked as the point of no return.
    public var pointOfNoReturn: Step? { steps.first { $0.pointOfNoReturn } }
}
