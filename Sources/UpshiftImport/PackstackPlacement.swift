import UpshiftModel
import UpshiftPlanning

/// Which roles and services each address gets, read from an answer file's host keys.
struct PackstackPlacement {
    typealias Roles = PackstackRoles
    static let serviceOrder: [ServiceName] = ["keystone", "glance", "cinder", "nova", "neutron", "horizon", "heat", "ceilometer", "swift"]
    static let installFlag: [ServiceName: String] = [
        "glance": "CONFIG_GLANCE_INSTALL", "cinder": "CONFIG_CINDER_INSTALL", "nova": "CONFIG_NOVA_INSTALL",
        "neutron": "CONFIG_NEUTRON_INSTALL", "horizon": "CONFIG_HORIZON_INSTALL", "heat": "CONFIG_HEAT_INSTALL",
        "ceilometer": "CONFIG_CEILOMETER_INSTALL", "swift": "CONFIG_SWIFT_INSTALL",
    ]
    /// Havana keys whose hosts are controllers, per service (shared/reference/packstack.md §6.2).
    static let controllerKeys: [(ServiceName, [String])] = [
        ("keystone", ["CONFIG_KEYSTONE_HOST"]), ("glance", ["CONFIG_GLANCE_HOST"]),
        ("nova", ["CONFIG_NOVA_API_HOST", "CONFIG_NOVA_CERT_HOST", "CONFIG_NOVA_VNCPROXY_HOST", "CONFIG_NOVA_SCHED_HOST", "CONFIG_NOVA_CONDUCTOR_HOST"]),
        ("neutron", ["CONFIG_NEUTRON_SERVER_HOST"]), ("horizon", ["CONFIG_HORIZON_HOST"]), ("heat", ["CONFIG_HEAT_HOST"]),
        ("ceilometer", ["CONFIG_CEILOMETER_HOST"]), ("swift", ["CONFIG_SWIFT_PROXY_HOSTS"]),
    ]
    static let neutronNetworkKeys = ["CONFIG_NEUTRON_L3_HOSTS", "CONFIG_NEUTRON_DHCP_HOSTS", "CONFIG_NEUTRON_METADATA_HOSTS"]

    let answers: PackstackAnswers
    var hosts: [String: (roles: Set<RoleName>, services: Set<ServiceName>)] = [:]
    var order: [String] = []
    var diagnostics: [Diagnostic] = []

    init(answers: PackstackAnswers) { self.answers = answers }

    var neutron: Bool { answers.installs("CONFIG_NEUTRON_INSTALL") }
    func installs(_ s: ServiceName) -> Bool { Self.installFlag[s].map(answers.installs) ?? true }

    /// Installed services that ended up on some host, in canonical order.
    var enabledServices: [ServiceName] {
        let placed = Set(hosts.values.flatMap(\.services))
        return Self.serviceOrder.filter { placed.contains($0) }
    }

    /// The usable addresses of a key (`ip/device` entries keep the ip); unusable ones are errors.
    mutating func addresses(_ key: String) -> [String] {
        var out: [String] = []
        for item in answers.list(key) {
            let address = String(item.split(separator: "/", maxSplits: 1).first ?? "")
            guard InventoryParser.isValidAddress(address) else {
                diagnostics.append(Diagnostic(id: "packstack.invalid-address", severity: .error,
                    summary: "\(key) holds an entry that is not an IP address or host name",
                    fix: "host keys hold comma-separated addresses such as 192.0.2.10",
                    subject: .init(location: answers.location(key))))
                continue
            }
            if !out.contains(address) { out.append(address) }
        }
        return out
    }

    mutating func place(_ address: String, role: RoleName?, services: [ServiceName]) {
        if hosts[address] == nil { hosts[address] = ([], []); order.append(address) }
        if let role { hosts[address]!.roles.insert(role) }
        hosts[address]!.services.formUnion(services.filter(installs))
    }

    mutating func place(key: String, role: RoleName?, services: [ServiceName]) {
        for a in addresses(key) { place(a, role: role, services: services) }
    }

    /// Services a compute host runs besides nova: the neutron agent and the ceilometer compute agent.
    var computeServices: [ServiceName] { ["nova"] + (neutron ? ["neutron"] : []) + ["ceilometer"] }

    mutating func note(_ id: String, _ summary: String, key: String, severity: Severity = .info) {
        diagnostics.append(Diagnostic(id: id, severity: severity, summary: summary,
                                      subject: .init(location: answers.location(key))))
    }
}
