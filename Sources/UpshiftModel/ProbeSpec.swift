/// How the workload probe exercises a cloud of this release step: the pack's `probe:` section
/// (docs/pack-format.md). Every operation is a shell command template run on the API host; the
/// engine only fills the templates and reads the answers the way the pack says.
///
/// Templates take `{flavor}`, `{image}`, `{name}` (boot), `{id}` (show, delete), each replaced by
/// its shell-quoted value, and `{network_arguments}` (boot): a space and the rendered
/// `network_arguments` when a network was chosen, else nothing.
public struct ProbeSpec: Codable, Sendable, Hashable {
    /// The probe runs on the first host with this role.
    public var role: RoleName
    /// Sourced before every command (`. FILE && command`), e.g. the admin credentials; nil: none.
    public var environmentFile: String?
    /// One read-only call per API, sampled together each round.
    public var apis: [ProbeAPISpec]
    public var boot: ProbeBootSpec
    public var show: ProbeShowSpec
    /// Deletes the instance `{id}`.
    public var delete: String
    /// Cold migration of an ACTIVE instance (`upshift probe --migrate`); nil: the probe cannot migrate.
    public var migrate: ProbeMigrateSpec?
    /// Defaults of `upshift probe --flavor/--image`.
    public var flavor: String
    public var image: String

    enum CodingKeys: String, CodingKey {
        case role, environmentFile = "environment_file", apis, boot, show, delete, migrate, flavor, image
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decodeIfPresent(RoleName.self, forKey: .role) ?? "controller"
        environmentFile = try c.decodeIfPresent(String.self, forKey: .environmentFile)
        apis = try c.decode([ProbeAPISpec].self, forKey: .apis)
        boot = try c.decode(ProbeBootSpec.self, forKey: .boot)
        show = try c.decode(ProbeShowSpec.self, forKey: .show)
        delete = try c.decode(String.self, forKey: .delete)
        migrate = try c.decodeIfPresent(ProbeMigrateSpec.self, forKey: .migrate)
        flavor = try c.decodeIfPresent(String.self, forKey: .flavor) ?? "m1.tiny"
        image = try c.decodeIfPresent(String.self, forKey: .image) ?? "cirros"
    }
}

/// One API the probe samples: succeeds when the command exits 0.
public struct ProbeAPISpec: Codable, Sendable, Hashable {
    /// The name in reports (`nova`, `placement`).
    public var name: String
    /// The pack service the API belongs to (sampled only when the inventory enables it); nil: always.
    public var service: ServiceName?
    public var command: String
    public init(name: String, service: ServiceName?, command: String) {
        self.name = name; self.service = service; self.command = command
    }
}

public struct ProbeBootSpec: Codable, Sendable, Hashable {
    public var command: String
    /// Rendered for `{network_arguments}` when a network is chosen (`{network}` is its id).
    public var networkArguments: [String]
    /// Where the new instance's id is in the command's output.
    public var id: ProbeField
    enum CodingKeys: String, CodingKey { case command, networkArguments = "network_arguments", id }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        command = try c.decode(String.self, forKey: .command)
        networkArguments = try c.decodeIfPresent([String].self, forKey: .networkArguments) ?? []
        id = try c.decode(ProbeField.self, forKey: .id)
    }
}

public struct ProbeShowSpec: Codable, Sendable, Hashable {
    public var command: String
    /// The instance's status (`ACTIVE` and `ERROR` end a boot, compared case-insensitively).
    public var status: ProbeField
    /// Why an instance is in ERROR (optional).
    public var fault: ProbeField?
}

/// How the probe cold-migrates an instance `{id}`: start it, then (when `show` reports
/// `confirm_status`) confirm it. A refusal whose message contains `no_target` means there is no other
/// compute to go to: the instance is just deleted.
public struct ProbeMigrateSpec: Codable, Sendable, Hashable {
    public var command: String
    public var confirm: String
    public var confirmStatus: String
    public var noTarget: String?
    /// Shown in the message of a migration that does not end (optional).
    public var taskState: ProbeField?
    enum CodingKeys: String, CodingKey {
        case command, confirm, confirmStatus = "confirm_status", noTarget = "no_target", taskState = "task_state"
    }
}

/// A value in a command's output: a row of a `Property | Value` client table, or a dotted path
/// into a JSON document (`server.status`).
public struct ProbeField: Codable, Sendable, Hashable {
    public enum Format: String, Codable, Sendable, Hashable { case table, json }
    public var format: Format
    public var key: String
    public init(format: Format, key: String) { self.format = format; self.key = key }
}
