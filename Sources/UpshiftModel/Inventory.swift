/// The base operating system of a host. It decides the init system (SysV `service`/`chkconfig`
/// on EL6, systemd on EL7 and Fedora) and the package manager (yum everywhere in this era).
public enum BaseOS: String, Codable, Sendable, CaseIterable, Hashable {
    case el6, el7, fedora

    public enum InitSystem: String, Codable, Sendable { case sysv, systemd }

    public var initSystem: InitSystem { self == .el6 ? .sysv : .systemd }
}

/// How instances get their network: decides whether the Nova/Neutron VIF-event question exists.
public enum Networking: String, Codable, Sendable, Hashable {
    case neutron
    case novaNetwork = "nova-network"
}

/// One host of the cloud as the operator describes it.
public struct Host: Codable, Sendable, Hashable {
    public var name: HostName
    /// Address or ssh alias used to reach the host (an entry of the operator's ssh config works).
    public var address: String
    public var os: BaseOS
    public var release: ReleaseName
    public var roles: [RoleName]
    /// Services (pack components) on this host. `nil` means "every enabled service that has
    /// daemons for one of the host's roles".
    public var services: [ServiceName]?
    /// Availability zone, cell or rack: computes are batched within groups when asked.
    public var group: String?
    /// ssh user; `nil` means the ssh config's default.
    public var user: String?

    public init(name: HostName, address: String, os: BaseOS, release: ReleaseName, roles: [RoleName],
                services: [ServiceName]? = nil, group: String? = nil, user: String? = nil) {
        self.name = name; self.address = address; self.os = os; self.release = release
        self.roles = roles; self.services = services; self.group = group; self.user = user
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
    public var networking: Networking
    /// libvirt `virt_type` on the computes (`kvm`, `qemu`, ...). Events are awaited only for kvm/qemu.
    public var virtType: String
    /// Enabled services (pack components) in the cloud.
    public var services: [ServiceName]
    public init(networking: Networking = .neutron, virtType: String = "kvm", services: [ServiceName]) {
        self.networking = networking; self.virtType = virtType; self.services = services
    }
    enum CodingKeys: String, CodingKey { case networking, virtType = "virt_type", services }
}

/// The cloud to upgrade: hosts, roles, services. The format is documented in docs/inventory.md.
public struct Inventory: Codable, Sendable, Hashable {
    public static let currentFormatVersion = 1
    public var formatVersion: Int
    public var name: String
    public var settings: CloudSettings
    public var hosts: [Host]
    public var secrets: SecretSource?
    /// How upshift reaches the hosts when no `--ssh-config` is given (the lab records its own).
    public var ssh: SSHSettings?

    public init(formatVersion: Int = Inventory.currentFormatVersion, name: String, settings: CloudSettings,
                hosts: [Host], secrets: SecretSource? = nil, ssh: SSHSettings? = nil) {
        self.formatVersion = formatVersion; self.name = name; self.settings = settings
        self.hosts = hosts; self.secrets = secrets; self.ssh = ssh
    }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", name, settings, hosts, secrets, ssh }

    public func host(_ name: HostName) -> Host? { hosts.first { $0.name == name } }
    public func hosts(with role: RoleName) -> [Host] { hosts.filter { $0.has(role) } }
}

/// The inventory's `ssh:` section.
public struct SSHSettings: Codable, Sendable, Hashable {
    /// An ssh config file for every host (`-F`); relative to the inventory file's directory.
    public var config: String?
    public init(config: String? = nil) { self.config = config }
}
