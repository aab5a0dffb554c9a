/// The base operating systems an inventory's `os:` names (el6, el7, fedora). Each is an alias of the
/// built-in platform of the same name, which holds its commands (docs/platforms.md).
public enum BaseOS: String, Codable, Sendable, CaseIterable, Hashable {
    case el6, el7, fedora
}

/// How instances get their network: decides whether the Nova/Neutron VIF-event question exists.
/// One host of the cloud as the operator describes it.
public struct Host: Codable, Sendable, Hashable {
    public var name: HostName
    /// Address or ssh alias used to reach the host (an entry of the operator's ssh config works).
    public var address: String
    /// The platform (docs/platforms.md) whose commands reach this host: `el6`, `debian`, a user's own.
    public var platform: String
    public var release: ReleaseName
    public var roles: [RoleName]
    /// Services (pack components) on this host. `nil` means "every enabled service that has
    /// daemons for one of the host's roles".
    public var services: [ServiceName]?
    /// Availability zone, cell or rack: computes are batched within groups when asked.
    public var group: String?
    /// ssh user; `nil` means the ssh config's default.
    public var user: String?

    public init(name: HostName, address: String, platform: String, release: ReleaseName, roles: [RoleName],
                services: [ServiceName]? = nil, group: String? = nil, user: String? = nil) {
        self.name = name; self.address = address; self.platform = platform; self.release = release
        self.roles = roles; self.services = services; self.group = group; self.user = user
    }

    public init(name: HostName, address: String, os: BaseOS, release: ReleaseName, roles: [RoleName],
                services: [ServiceName]? = nil, group: String? = nil, user: String? = nil) {
        self.init(name: name, address: address, platform: os.rawValue, release: release, roles: roles,
                  services: services, group: group, user: user)
    }

    /// The base OS when the platform is one of the `os:` aliases (el6, el7, fedora), else nil.
    public var os: BaseOS? {
        get { BaseOS(rawValue: platform) }
        set { if let newValue { platform = newValue.rawValue } }
    }

    enum CodingKeys: String, CodingKey { case name, address, os, platform, release, roles, services, group, user }

    /// `os:` for the aliases (as inventories have always said), `platform:` otherwise.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(address, forKey: .address)
        if let os { try c.encode(os, forKey: .os) } else { try c.encode(platform, forKey: .platform) }
        try c.encode(release, forKey: .release)
        try c.encode(roles, forKey: .roles)
        try c.encodeIfPresent(services, forKey: .services)
        try c.encodeIfPresent(group, forKey: .group)
        try c.encodeIfPresent(user, forKey: .user)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(HostName.self, forKey: .name)
        address = try c.decode(String.self, forKey: .address)
        platform = try c.decodeIfPresent(String.self, forKey: .platform) ?? c.decode(BaseOS.self, forKey: .os).rawValue
        release = try c.decode(ReleaseName.self, forKey: .release)
        roles = try c.decode([RoleName].self, forKey: .roles)
        services = try c.decodeIfPresent([ServiceName].self, forKey: .services)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        user = try c.decodeIfPresent(String.self, forKey: .user)
    }

    public func has(_ role: RoleName) -> Bool { roles.contains(role) }
}

/// Where a secret the plan needs can be read at apply time. Never the secret itself.
public struct SecretSource: Codable, Sendable, Hashable {
    /// A Packstack answer file path (read on the machine running Upshift).
    public var answerFile: String?
    public init(answerFile: String? = nil) { self.answerFile = answerFile }
    enum CodingKeys: String, CodingKey { case answerFile = "answer_file" }
}

/// Cloud-wide facts the operator states (discovery can refine them).
public struct CloudSettings: Codable, Sendable, Hashable {
    /// The pack's cloud settings as the inventory states them, by name (`networking`: pack
    /// `cloud_settings`); in YAML they sit beside `virt_type` and `services`.
    public var values: [String: String]
    /// libvirt `virt_type` on the computes (`kvm`, `qemu`, ...). Events are awaited only for kvm/qemu.
    public var virtType: String
    /// Enabled services (pack components) in the cloud.
    public var services: [ServiceName]
    public init(values: [String: String] = [:], virtType: String = "kvm", services: [ServiceName]) {
        self.values = values; self.virtType = virtType; self.services = services
    }
    /// The keys of `settings:` that are not pack cloud settings.
    public static let ownKeys: Set<String> = ["virt_type", "services"]

    typealias Key = DynamicCodingKey
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        virtType = try c.decodeIfPresent(String.self, forKey: Key("virt_type")) ?? "kvm"
        services = try c.decodeIfPresent([ServiceName].self, forKey: Key("services")) ?? []
        values = [:]
        for k in c.allKeys where !Self.ownKeys.contains(k.stringValue) { values[k.stringValue] = try c.decode(String.self, forKey: k) }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (k, v) in values.sorted(by: { $0.key < $1.key }) where !Self.ownKeys.contains(k) { try c.encode(v, forKey: Key(k)) }
        try c.encode(virtType, forKey: Key("virt_type")); try c.encode(services, forKey: Key("services"))
    }
}

/// The cloud to upgrade: hosts, roles, services. The format is documented in docs/inventory.md.
public struct Inventory: Codable, Sendable, Hashable {
    public static let currentFormatVersion = 1
    public var formatVersion: Int
    public var name: String
    public var settings: CloudSettings
    public var hosts: [Host]
    public var secrets: SecretSource?
    /// Platform definition files (docs/platforms.md), relative to the inventory file; nil: none.
    public var platformFiles: [String]?
    /// Operator commands before/after phases or batches (docs/inventory.md); nil: none.
    public var hooks: [Hook]?
    /// How upshift reaches the hosts when no `--ssh-config` is given (the lab records its own).
    public var ssh: SSHSettings?

    public init(formatVersion: Int = Inventory.currentFormatVersion, name: String, settings: CloudSettings,
                hosts: [Host], secrets: SecretSource? = nil, ssh: SSHSettings? = nil) {
        self.formatVersion = formatVersion; self.name = name; self.settings = settings
        self.hosts = hosts; self.secrets = secrets; self.ssh = ssh
    }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", name, settings, hosts, secrets, platformFiles = "platforms", hooks, ssh }

    public func host(_ name: HostName) -> Host? { hosts.first { $0.name == name } }
    public func hosts(with role: RoleName) -> [Host] { hosts.filter { $0.has(role) } }
}

/// The inventory's `ssh:` section.
public struct SSHSettings: Codable, Sendable, Hashable {
    /// An ssh config file for every host (`-F`); relative to the inventory file's directory.
    public var config: String?
    public init(config: String? = nil) { self.config = config }
}
