import UpshiftModel
import UpshiftPlanning

extension PackstackPlacement {
    /// Havana per-service keys: each service where its own key says.
    mutating func placeHavana() {
        for (service, keys) in Self.controllerKeys where installs(service) {
            for key in keys { place(key: key, role: Roles.controller, services: [service]) }
        }
        if installs("heat") {
            for (flag, key) in [("CONFIG_HEAT_CFN_INSTALL", "CONFIG_HEAT_CFN_HOST"), ("CONFIG_HEAT_CLOUDWATCH_INSTALL", "CONFIG_HEAT_CLOUDWATCH_HOST")]
            where answers.value(flag)?.lowercased() == "y" {
                place(key: key, role: Roles.controller, services: ["heat"])
            }
        }
        // Havana cinder.pp puts cinder::api, ::scheduler and ::volume all on CONFIG_CINDER_HOST
        // (packstack@havana-eol packstack/puppet/templates/cinder.pp, plugins/cinder_250.py).
        if installs("cinder") { place(key: "CONFIG_CINDER_HOST", role: Roles.storage, services: ["cinder"]) }
        if installs("swift") { place(key: "CONFIG_SWIFT_STORAGE_HOSTS", role: Roles.storage, services: ["swift"]) }
        if installs("nova") { place(key: "CONFIG_NOVA_COMPUTE_HOSTS", role: Roles.compute, services: computeServices) }
        placeNetwork(neutronKeys: Self.neutronNetworkKeys, novaNetworkKeys: ["CONFIG_NOVA_NETWORK_HOSTS"])
        placeCinderControllers()
        placeDatabases()
        sayUnplaced()
    }

    /// Havana cinder.pp puts cinder::api, ::scheduler and ::volume all on CONFIG_CINDER_HOST
    /// (packstack@havana-eol packstack/puppet/templates/cinder.pp, plugins/cinder_250.py): the host also
    /// gets the controller role when that adds only cinder's API and scheduler; otherwise it is said.
    mutating func placeCinderControllers() {
        guard installs("cinder") else { return }
        for a in addresses("CONFIG_CINDER_HOST") {
            guard let h = hosts[a], !h.roles.contains(Roles.controller) else { continue }
            if h.services == ["cinder"] { hosts[a]!.roles.insert(Roles.controller); continue }
            note("packstack.cinder-api-host", "CONFIG_CINDER_HOST \(a) also runs cinder-api and cinder-scheduler (Havana cinder.pp), but it carries other storage services too: give it the controller role for cinder by hand", key: "CONFIG_CINDER_HOST", severity: .warning)
        }
    }

    /// A MySQL or MongoDB server on its own host (CONFIG_MYSQL_HOST, CONFIG_MONGODB_HOST) is in the
    /// inventory with the `database` role and no OpenStack service.
    mutating func placeDatabases() {
        for key in ["CONFIG_MYSQL_HOST", "CONFIG_MONGODB_HOST"] where !(key == "CONFIG_MONGODB_HOST" && !installs("ceilometer")) {
            for a in addresses(key) where hosts[a] == nil { place(a, role: Roles.database, services: []) }
        }
    }

    /// Hosts of keys the import does not turn into roles (the broker, Nagios, LBaaS agents): said, not dropped.
    mutating func sayUnplaced() {
        for key in ["CONFIG_QPID_HOST", "CONFIG_NAGIOS_HOST", "CONFIG_NEUTRON_LBAAS_HOSTS"] {
            for a in addresses(key) where hosts[a] == nil {
                note("packstack.unplaced", "\(key) names \(a), which runs nothing this import places (\(key.dropFirst(7).lowercased())): it is not in the inventory; add it by hand if the upgrade must touch it", key: key, severity: .warning)
            }
        }
    }

    /// Icehouse keys: everything central on CONFIG_CONTROLLER_HOST; deprecated per-service keys
    /// are used only where the new key is absent, as Packstack does (PS-I `_loadParamFromFile`).
    mutating func placeIcehouse() {
        let controllers = addresses("CONFIG_CONTROLLER_HOST")
        let central: [ServiceName] = ["keystone", "glance", "nova", "neutron", "horizon", "heat", "ceilometer", "swift"]
        for a in controllers { place(a, role: Roles.controller, services: central) }
        // Icehouse Packstack puts cinder-volume and the swift storage devices on the controller too.
        for a in controllers where installs("cinder") { place(a, role: Roles.storage, services: ["cinder"]) }
        for a in controllers where installs("swift") { place(a, role: Roles.storage, services: ["swift"]) }
        for (_, keys) in Self.controllerKeys {
            for key in keys { warnIgnored(key, newKey: "CONFIG_CONTROLLER_HOST", newValues: controllers) }
        }
        if installs("nova") {
            placeList(newKey: "CONFIG_COMPUTE_HOSTS", deprecated: ["CONFIG_NOVA_COMPUTE_HOSTS"],
                      role: Roles.compute, services: computeServices)
        }
        if answers.value("CONFIG_NETWORK_HOSTS").map({ !$0.isEmpty }) == true {
            placeList(newKey: "CONFIG_NETWORK_HOSTS", deprecated: Self.neutronNetworkKeys + ["CONFIG_NOVA_NETWORK_HOSTS"],
                      role: neutron ? Roles.network : Roles.novaNetwork, services: neutron ? ["neutron"] : ["nova"])
        } else {
            placeNetwork(neutronKeys: Self.neutronNetworkKeys, novaNetworkKeys: ["CONFIG_NOVA_NETWORK_HOSTS"])
        }
    }

    /// Network hosts from per-service keys: neutron agents, or nova-network when neutron is off.
    mutating func placeNetwork(neutronKeys: [String], novaNetworkKeys: [String]) {
        if neutron {
            for key in neutronKeys { place(key: key, role: Roles.network, services: ["neutron"]) }
            for key in novaNetworkKeys where !answers.list(key).isEmpty {
                note("packstack.nova-network-ignored", "\(key) is ignored: CONFIG_NEUTRON_INSTALL=y, so the cloud uses neutron", key: key)
            }
        } else if installs("nova") {
            for key in novaNetworkKeys { place(key: key, role: Roles.novaNetwork, services: ["nova"]) }
        }
    }

    /// Hosts of an Icehouse list key, or of its deprecated keys when it is absent.
    mutating func placeList(newKey: String, deprecated: [String], role: RoleName, services: [ServiceName]) {
        let values = addresses(newKey)
        guard values.isEmpty else {
            for a in values { place(a, role: role, services: services) }
            for key in deprecated { warnIgnored(key, newKey: newKey, newValues: values) }
            return
        }
        for key in deprecated { place(key: key, role: role, services: services) }
    }

    /// Warns when a deprecated key names other hosts than the key that replaces it (Packstack ignores it).
    mutating func warnIgnored(_ key: String, newKey: String, newValues: [String]) {
        let old = answers.list(key).map { String($0.split(separator: "/").first ?? "") }
        guard !old.isEmpty, Set(old) != Set(newValues) else { return }
        note("packstack.deprecated-key-ignored",
             "\(key) names other hosts than \(newKey); \(newKey) wins, as in Packstack, and \(key) is ignored",
             key: key, severity: .warning)
    }
}
