import Foundation
import UpshiftModel

/// The shape of a lab cloud to create.
public struct LabTopology: Sendable, Hashable {
    /// Controller hosts (`ctl-01`…): every API, scheduler, conductor, the databases and cinder-volume.
    public var controllers: Int
    /// Network hosts (`net-01`…): the neutron agents.
    public var networks: Int
    /// Compute hosts (`cmp-01`…): nova-compute and the openvswitch agent.
    public var computes: Int
    /// `el6`, `el7`, or `mixed` (computes alternate el6/el7; the rest are el6).
    public var os: String
    /// The third octet of the first loopback address (`127.0.<octet>.1`).
    public var addressOctet: Int
    /// Emulated durations are multiplied by this (0.01: a 300 s timeout takes 3 s).
    public var timeFactor: Double
    /// The Havana point release installed (`2013.2.3`); older ones exercise rpc.min-havana-point-release.
    public var havanaPoint: String
    /// Whether a pinned Icehouse nova-api fails to forward events (§3.3 #7; derived, unconfirmed).
    public var pinnedAPIBlocksEvents: Bool
    /// A neutron DB without an alembic version (`current` prints None; db.neutron-unversioned).
    public var neutronUnversioned = false
    /// Glance tables created latin1 by older tooling (db.glance-charset).
    public var glanceLatin1 = false
    /// Computes whose hostname is an FQDN (`cmp-01.lab.example`), so Nova knows them by a name that
    /// is not the inventory's.
    public var fqdnComputes = false

    /// A topology; the defaults are the issue's demo cloud (1+1+20, EL6, factor 0.01).
    public init(controllers: Int = 1, networks: Int = 1, computes: Int = 20, os: String = "el6",
                addressOctet: Int = 77, timeFactor: Double = 0.01, havanaPoint: String = "2013.2.3",
                pinnedAPIBlocksEvents: Bool = true) {
        self.controllers = controllers; self.networks = networks; self.computes = computes; self.os = os
        self.addressOctet = addressOctet; self.timeFactor = timeFactor; self.havanaPoint = havanaPoint
        self.pinnedAPIBlocksEvents = pinnedAPIBlocksEvents
    }
}

/// Creates a freshly deployed RDO Havana cloud (packstack placement) and its inventory.
public enum LabBuilder {
    /// Builds the initial lab state: every daemon running on Havana code, schemas at the Havana heads.
    public static func makeState(_ t: LabTopology) -> LabState {
        let secretNames = ["admin", "nova_ks", "nova_db", "neutron_ks", "neutron_db", "glance_ks", "glance_db",
                           "cinder_ks", "cinder_db", "keystone_db", "keystone_admin_token", "metadata", "mysql_root"]
        var secrets: [String: String] = [:]
        for n in secretNames { secrets[n] = "LABSECRET-\(n)-" + UUID().uuidString.prefix(8).lowercased() }
        var hosts: [LabHost] = []
        func add(_ prefix: String, _ count: Int, role: String) {
            for i in 1...max(count, 1) where count > 0 {
                let n = hosts.count
                let address = "127.0.\(t.addressOctet + n / 250).\(n % 250 + 1)"
                let os: BaseOS = t.os == "el7" || (t.os == "mixed" && role == "compute" && i % 2 == 0) ? .el7 : .el6
                // packstack Havana puts cinder-volume on CONFIG_CINDER_HOST (the controller): it is also a storage host.
                let roles = role == "controller" ? ["controller", "storage"] : [role]
                hosts.append(LabHost(name: String(format: "%@-%02d", prefix, i), address: address, os: os, roles: roles))
                if t.fqdnComputes && role == "compute" { hosts[hosts.count - 1].hostname = hosts[hosts.count - 1].name + ".lab.example" }
            }
        }
        add("ctl", t.controllers, role: "controller")
        add("net", t.networks, role: "network")
        add("cmp", t.computes, role: "compute")
        let controller = hosts.first?.address ?? "127.0.0.1"
        for i in hosts.indices { provision(&hosts[i], controller: controller, secrets: secrets, havanaPoint: t.havanaPoint) }
        var state = LabState(timeFactor: t.timeFactor, hosts: hosts, databases: LabCatalog.havanaSchema,
                             servicesTenantID: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                             secrets: secrets, pinnedAPIBlocksEvents: t.pinnedAPIBlocksEvents)
        if t.neutronUnversioned { state.databases["neutron"] = "None" }
        if t.glanceLatin1 { state.nonUTF8Tables["glance"] = ["image_members", "image_properties", "images"] }
        return state
    }

    static func provision(_ h: inout LabHost, controller: String, secrets: [String: String], havanaPoint: String) {
        let role = h.roles.first ?? "compute"
        let os = h.os.rawValue
        for name in LabCatalog.packages(for: role) {
            guard let p = LabCatalog.package(name) else { continue }
            var base = p.havana
            if base.hasPrefix("2013.2.") { base = havanaPoint + "-" + (base.split(separator: "-").last.map(String.init) ?? "1") }
            h.packages[name] = LabCatalog.versionString(base, os: os)
        }
        let c = LabConfigs.Context(controller: controller, secrets: secrets, host: h.name, hostAddress: h.address)
        var files: [String: LabFile] = ["/etc/redhat-release": LabFile(LabConfigs.redhatRelease(os), mode: "0644")]
        let neutron = LabFile(LabConfigs.neutronConf(c), group: "neutron")
        let ovs = LabFile(LabConfigs.ovsPlugin(c), group: "neutron")
        files["/etc/neutron/neutron.conf"] = neutron
        files["/etc/neutron/plugin.ini"] = ovs
        files["/etc/neutron/plugins/openvswitch/ovs_neutron_plugin.ini"] = ovs
        switch role {
        case "controller":
            files["/etc/nova/nova.conf"] = LabFile(LabConfigs.novaConf(c, compute: false), group: "nova")
            files["/etc/keystone/keystone.conf"] = LabFile(LabConfigs.keystoneConf(c), group: "keystone")
            files["/etc/glance/glance-api.conf"] = LabFile(LabConfigs.glanceAPIConf(c), group: "glance")
            files["/etc/glance/glance-registry.conf"] = LabFile(LabConfigs.simpleConf("glance", c, connectionKey: "sql_connection", section: "DEFAULT"), group: "glance")
            files["/etc/cinder/cinder.conf"] = LabFile(LabConfigs.simpleConf("cinder", c), group: "cinder")
            files["/root/keystonerc_admin"] = LabFile(LabConfigs.keystonerc(c), mode: "0600")
            files["/etc/openstack-dashboard/local_settings"] = LabFile("OPENSTACK_HOST = \"\(controller)\"\nSECRET_KEY = '\(secrets["admin"] ?? "")'\n", group: "apache")
        case "network":
            for (path, text) in LabConfigs.agentConfs(c) { files[path] = LabFile(text, group: "neutron") }
        case "compute":
            files["/etc/nova/nova.conf"] = LabFile(LabConfigs.novaConf(c, compute: true), group: "nova")
        default: break
        }
        h.files = files
        for (i, name) in LabCatalog.daemons(for: role).enumerated() {
            var d = LabDaemon(state: .running, enabled: true)
            d.pid = 2000 + i * 7
            if let info = LabCatalog.daemon(name), let v = h.packages[info.package] {
                d.code = LabCatalog.release(ofVersion: v)
                d.codeVersion = String(v.split(separator: "-").first ?? "")
                if let conf = info.configFile, let text = h.file(at: conf)?.content { d.config = LabINI.values(text) }
            }
            h.daemons[name] = d
        }
    }

    /// The inventory of a lab (hosts addressed by their ssh alias, which the lab's ssh_config maps).
    public static func inventory(_ state: LabState, answerFile: String?) -> Inventory {
        let services: [ServiceName] = ["keystone", "glance", "cinder", "nova", "neutron", "horizon"]
        let hosts = state.hosts.map { h -> UpshiftModel.Host in
            let role = h.roles.first ?? "compute"
            let svc: [ServiceName] = role == "controller" ? services : role == "network" ? ["neutron"] : ["nova", "neutron"]
            return Host(name: HostName(h.name), address: h.name, os: h.os, release: "havana",
                        roles: h.roles.map { RoleName($0) }, services: svc, user: "root")
        }
        return Inventory(name: "lab", settings: CloudSettings(values: ["networking": "neutron"], virtType: "kvm", services: services),
                         hosts: hosts, secrets: answerFile.map { SecretSource(answerFile: $0) })
    }

    /// A Packstack-style answer file with the lab's passwords, so `{{secret:NAME}}` resolves.
    public static func answerFile(_ state: LabState) -> String {
        let ctl = state.hosts.first { $0.roles.contains("controller") }?.address ?? ""
        let computes = state.hosts.filter { $0.roles.contains("compute") }.map(\.address).joined(separator: ",")
        let s = state.secrets
        return """
        [general]
        CONFIG_KEYSTONE_HOST=\(ctl)
        CONFIG_NOVA_API_HOST=\(ctl)
        CONFIG_NOVA_COMPUTE_HOSTS=\(computes)
        CONFIG_NEUTRON_SERVER_HOST=\(ctl)
        CONFIG_KEYSTONE_ADMIN_PW=\(s["admin"] ?? "")
        CONFIG_NOVA_KS_PW=\(s["nova_ks"] ?? "")
        CONFIG_NOVA_DB_PW=\(s["nova_db"] ?? "")
        CONFIG_NEUTRON_KS_PW=\(s["neutron_ks"] ?? "")
        CONFIG_NEUTRON_DB_PW=\(s["neutron_db"] ?? "")
        CONFIG_GLANCE_KS_PW=\(s["glance_ks"] ?? "")
        CONFIG_CINDER_KS_PW=\(s["cinder_ks"] ?? "")
        CONFIG_MYSQL_PW=\(s["mysql_root"] ?? "")

        """
    }
}
