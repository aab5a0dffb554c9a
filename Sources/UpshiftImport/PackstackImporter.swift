import UpshiftModel
import UpshiftPlanning

/// Builds an inventory from a Packstack answer file (both the Havana per-service host keys and
/// the Icehouse CONFIG_CONTROLLER_HOST / CONFIG_COMPUTE_HOSTS / CONFIG_NETWORK_HOSTS keys,
/// shared/reference/packstack.md §6.2). Pure: text in, inventory and diagnostics out.
///
/// Roles follow placement: API/scheduler/keystone/glance/horizon/heat/ceilometer/swift-proxy hosts
/// are `controller`; neutron L3/DHCP/metadata hosts `network` (or `nova-network` hosts when
/// neutron is not installed); compute hosts `compute`; cinder and swift storage hosts `storage`.
/// Hosts are named from their address (`HostNaming`). Passwords never enter the inventory: it
/// records only `secrets.answer_file`.
public enum PackstackImporter {
    /// Choices the answer file cannot tell.
    public struct Options: Sendable {
        /// The base OS of every host (an answer file does not say).
        public var os: BaseOS
        /// The inventory name; defaults to the answer file's base name.
        public var name: String?
        /// The release the cloud runs now.
        public var release: ReleaseName
        /// The path recorded in `secrets.answer_file` (read again at apply time).
        public var answerFilePath: String?
        /// When set, services the pack does not know are left out (with an info diagnostic).
        public var knownServices: [ServiceName]?
        public init(os: BaseOS = .el6, name: String? = nil, release: ReleaseName = "havana",
                    answerFilePath: String? = nil, knownServices: [ServiceName]? = nil) {
            self.os = os; self.name = name; self.release = release
            self.answerFilePath = answerFilePath; self.knownServices = knownServices
        }
    }

    /// The result of an import: the inventory and what the operator should read about it.
    public struct Result: Sendable {
        public var inventory: Inventory
        /// Which key style the file used.
        public var style: PackstackKeyStyle
        /// Warnings and notes (ignored deprecated keys, skipped hosts...). Never quotes a secret.
        public var diagnostics: [Diagnostic]
    }

    /// Imports `text`. Throws `InputError` when the file names no host or a host value is unusable.
    public static func importInventory(text: String, sourceName: String, options: Options = .init()) throws(InputError) -> Result {
        let answers = PackstackAnswers(text: text, sourceName: sourceName)
        var placement = PackstackPlacement(answers: answers)
        let style: PackstackKeyStyle = answers.value("CONFIG_CONTROLLER_HOST").map { !$0.isEmpty } == true ? .icehouse : .havana
        switch style {
        case .icehouse: placement.placeIcehouse()
        case .havana: placement.placeHavana()
        }
        var diagnostics = answers.diagnostics + placement.diagnostics
        if placement.order.isEmpty {
            diagnostics.append(Diagnostic(id: "packstack.no-hosts", severity: .error,
                summary: "the answer file names no hosts (no CONFIG_CONTROLLER_HOST, CONFIG_*_HOST or CONFIG_*_HOSTS value)",
                fix: "check that this is a Packstack answer file with host addresses filled in",
                subject: .init(location: .init(file: sourceName))))
        }
        if diagnostics.hasErrors { throw InputError(diagnostics) }
        var enabled = placement.enabledServices
        if let known = options.knownServices {
            for s in enabled where !known.contains(s) {
                diagnostics.append(Diagnostic(id: "packstack.service-not-in-pack", severity: .info,
                    summary: "Packstack installed \(s), which the pack does not upgrade; it is left out of the inventory",
                    subject: .init(location: .init(file: sourceName))))
            }
            enabled = enabled.filter(known.contains)
        }
        let hosts = placement.order.map { address in
            let p = placement.hosts[address]!
            return Host(name: HostNaming.name(forAddress: address), address: address, os: options.os,
                        release: options.release, roles: PackstackRoles.ordered(p.roles),
                        services: enabled.filter(p.services.contains))
        }
        let settings = CloudSettings(values: ["networking": placement.neutron ? "neutron" : "nova-network"], services: enabled)
        let inventory = Inventory(name: options.name ?? HostNaming.inventoryName(fromPath: sourceName), settings: settings,
                                  hosts: hosts, secrets: SecretSource(answerFile: options.answerFilePath ?? sourceName))
        return Result(inventory: inventory, style: style, diagnostics: diagnostics)
    }
}

/// Which host keys an answer file uses.
public enum PackstackKeyStyle: String, Sendable {
    /// Per-service keys (`CONFIG_NOVA_API_HOST`, `CONFIG_NEUTRON_L3_HOSTS`...), Havana and early Icehouse.
    case havana
    /// `CONFIG_CONTROLLER_HOST`, `CONFIG_COMPUTE_HOSTS`, `CONFIG_NETWORK_HOSTS` (Icehouse after 2014-05-06).
    case icehouse
}

/// Canonical role names and their order in an imported inventory.
enum PackstackRoles {
    static let controller: RoleName = "controller", network: RoleName = "network", novaNetwork: RoleName = "nova-network"
    static let compute: RoleName = "compute", storage: RoleName = "storage", database: RoleName = "database"
    static func ordered(_ roles: Set<RoleName>) -> [RoleName] {
        [controller, network, novaNetwork, compute, storage, database].filter(roles.contains)
    }
}
