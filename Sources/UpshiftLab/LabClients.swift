import Foundation

/// The OpenStack CLI clients on the API host (after `. /root/keystonerc_admin`): authentication,
/// API availability, and the tables the real clients print.
extension LabSession {
    /// Checks credentials and that keystone and the service's API are up; returns an error line if not.
    func apiError(_ client: String, env: [String: String], daemons: [String], port: Int) -> String? {
        guard let state = snapshot() else { return "ERROR: lab state unavailable" }
        guard let user = env["OS_USERNAME"], !user.isEmpty else {
            return client == "nova" || client == "cinder" ? "ERROR: You must provide a username via either --os-username or env[OS_USERNAME]"
                : "You must provide a username via either --os-username or env[OS_USERNAME]"
        }
        guard env["OS_AUTH_URL"]?.isEmpty == false else {
            return "ERROR: You must provide an auth url via either --os-auth-url or env[OS_AUTH_URL]"
        }
        let ctl = state.hosts.first { $0.daemons["openstack-keystone"] != nil }
        guard let ks = ctl, ks.isUp("openstack-keystone") else {
            let msg = "Unable to establish connection to http://\(ctl?.address ?? "localhost"):35357/v2.0/tokens"
            return client == "keystone" ? "Authorization Failed: \(msg)" : "ERROR: \(msg)"
        }
        guard env["OS_PASSWORD"] == state.secrets["admin"] else {
            return client == "nova" ? "ERROR: Invalid OpenStack Nova credentials." : "Authorization Failed: The request you have made requires authentication. (HTTP 401)"
        }
        let apiHost = state.hosts.first { h in daemons.contains { h.daemons[$0] != nil } }
        for d in daemons where !(apiHost?.isUp(d) ?? false) {
            let url = "http://\(apiHost?.address ?? "localhost"):\(port)"
            switch client {
            case "neutron": return "Connection to neutron failed: [Errno 111] Connection refused"
            case "glance": return "Error communicating with \(url) [Errno 111] ECONNREFUSED"
            default: return "ERROR: Unable to establish connection to \(url)/v2/\(state.servicesTenantID)"
            }
        }
        return nil
    }

    /// `neutron`, `glance`, `keystone` and `cinder` read commands.
    func clientCommand(_ client: String, _ args: [String], env: [String: String]) -> Int32 {
        guard let h = snapshot()?.host(host), h.packages["python-\(client)client"] != nil else {
            io.error("sh: \(client): command not found\n"); return 127
        }
        let apis = ["neutron": (["neutron-server"], 9696), "glance": (["openstack-glance-api", "openstack-glance-registry"], 9292),
                    "keystone": (["openstack-keystone"], 35357), "cinder": (["openstack-cinder-api"], 8776)][client]!
        if let e = apiError(client, env: env, daemons: apis.0, port: apis.1) { io.error(e + "\n"); return 1 }
        guard let state = snapshot() else { return 1 }
        let words = args.filter { !$0.hasPrefix("-") }
        switch (client, words.first ?? "") {
        case ("neutron", "agent-list"):
            let types = ["neutron-openvswitch-agent": "Open vSwitch agent", "neutron-l3-agent": "L3 agent",
                         "neutron-dhcp-agent": "DHCP agent", "neutron-metadata-agent": "Metadata agent"]
            var rows: [[String]] = []
            for hh in state.hosts { for (d, t) in types.sorted(by: { $0.key < $1.key }) where hh.daemons[d] != nil {
                rows.append([labUUID("agent/\(hh.name)/\(d)"), t, hh.name, hh.isUp(d) ? ":-)" : "xxx", "True"])
            } }
            io.print(LabTable.render(["id", "agent_type", "host", "alive", "admin_state_up"], rows))
        case ("neutron", "net-list"):
            io.print(LabTable.render(["id", "name", "subnets"], [
                [labUUID("net/private"), "private", "\(labUUID("subnet/private")) 10.0.0.0/24"],
                [labUUID("net/public"), "public", "\(labUUID("subnet/public")) 172.24.4.224/28"]]))
        case ("glance", "image-list"):
            io.print(LabTable.render(["ID", "Name", "Disk Format", "Container Format", "Size", "Status"],
                                     [[labUUID("image/cirros"), "cirros", "qcow2", "bare", "13147648", "active"]]))
        case ("keystone", "tenant-get"):
            guard words.count > 1, words[1] == "services" || words[1] == state.servicesTenantID else {
                io.error("No tenant with a name or ID of '\(words.dropFirst().first ?? "")' exists.\n"); return 1
            }
            io.print(LabTable.properties([("description", "Tenant for the openstack services"), ("enabled", "True"),
                                          ("id", state.servicesTenantID), ("name", "services")]))
        case ("keystone", "token-get"):
            io.print(LabTable.properties([("expires", "2014-05-02T10:00:00Z"), ("id", labUUID("token/\(clock.now())").replacingOccurrences(of: "-", with: "")),
                                          ("tenant_id", labUUID("tenant/admin").replacingOccurrences(of: "-", with: "")),
                                          ("user_id", labUUID("user/admin").replacingOccurrences(of: "-", with: ""))]))
        case ("keystone", "user-list"):
            let users = ["admin", "cinder", "glance", "neutron", "nova"]
            io.print(LabTable.render(["id", "name", "enabled", "email"], users.map {
                [labUUID("user/\($0)").replacingOccurrences(of: "-", with: ""), $0, "True", $0 == "admin" ? "root@localhost" : "\($0)@localhost"]
            }))
        case ("cinder", "service-list"):
            let rows = state.hosts.flatMap { h in
                ["openstack-cinder-scheduler": "cinder-scheduler", "openstack-cinder-volume": "cinder-volume"].sorted { $0.value < $1.value }
                    .filter { h.daemons[$0.key] != nil }
                    .map { [$0.value, h.name, "nova", "enabled", h.isUp($0.key) ? "up" : "down", stampNow(), "None"] }
            }
            io.print(LabTable.render(["Binary", "Host", "Zone", "Status", "State", "Updated_at", "Disabled Reason"], rows))
        case ("cinder", "list"):
            io.print(LabTable.render(["ID", "Status", "Display Name", "Size", "Volume Type", "Bootable", "Attached to"], []))
        default:
            io.error("\(client): '\(words.first ?? "")' is not a command the lab emulates. See '\(client) help'.\n"); return 2
        }
        return 0
    }
}

extension LabSession {
    func stampNow() -> String { stamp(clock.now()) }
}

/// A stable UUID-shaped id for a seed string (FNV-1a), so tables are deterministic.
func labUUID(_ seed: String) -> String {
    var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
    for byte in seed.utf8 { a = (a ^ UInt64(byte)) &* 0x100000001b3; b = (b ^ UInt64(byte)) &* 0x100000001b3 &+ 7 }
    let hex = String(format: "%016llx%016llx", a, b)
    let c = Array(hex)
    return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
}
