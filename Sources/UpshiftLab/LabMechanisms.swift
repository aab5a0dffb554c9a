import Foundation

/// The behaviours where an upgrade can go wrong, implemented from shared/reference (never from a
/// pack or a plan): schema/code agreement at start-up, compute RPC versions (§4.5), and the
/// Nova/Neutron VIF-plugging events (§3.2, §3.3).
public enum LabMechanisms {
    /// A compute RPC version (`major.minor`).
    public struct RPCVersion: Comparable, Sendable, CustomStringConvertible {
        public var major: Int, minor: Int
        public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
        public var description: String { "\(major).\(minor)" }
        init(_ major: Int, _ minor: Int) { self.major = major; self.minor = minor }
        init?(_ text: String) {
            let p = text.split(separator: ".").compactMap { Int($0) }
            guard p.count == 2 else { return nil }
            self.init(p[0], p[1])
        }
    }

    /// Why a daemon cannot start on this code (nil: it starts). Config and schema are read at start.
    static func startFailure(daemon: String, code: String, host: LabHost, state: LabState) -> String? {
        guard let db = LabCatalog.daemon(daemon)?.database, let version = state.databases[db] else { return nil }
        if db == "neutron", version == "None", daemon == "neutron-server", host.os == .el6 {
            return "neutron database does not have version information. You must run the \"neutron-db-manage stamp\" command before starting neutron-server."
        }
        let schema = schemaRelease(db, version)
        if code == "icehouse" && schema != "icehouse" {
            return "DBError: (OperationalError) the \(db) schema is at version \(version), older than this code requires (\(LabCatalog.icehouseSchema[db] ?? "?")); run the \(db) schema sync first"
        }
        if code == "havana" && schema == "icehouse" {
            return "DBError: the \(db) schema is at version \(version), newer than this Havana code understands (\(LabCatalog.havanaSchema[db] ?? "?"))"
        }
        return nil
    }

    /// `havana` or `icehouse` for a schema version.
    static func schemaRelease(_ db: String, _ version: String) -> String {
        version == LabCatalog.icehouseSchema[db] ? "icehouse" : "havana"
    }

    /// The highest compute RPC version a sender emits, from its code and its `[upgrade_levels] compute`
    /// at start (nil: an unknown alias, every send fails). Unpinned Icehouse is modelled as 3.23 for every
    /// message (the reference's figure, §3.3 #7; a simplification of per-method versions).
    public static func sendCap(code: String?, codeVersion: String?, pin: String?) -> RPCVersion? {
        guard let pin, !pin.isEmpty else { return code == "icehouse" ? RPCVersion(3, 23) : RPCVersion(2, 47) }
        var aliases = ["grizzly": RPCVersion(2, 27)]
        if code == "icehouse" { aliases["havana"] = RPCVersion(2, 47) }
        if code == "icehouse" || LabVersion.less("2013.2.1", codeVersion ?? "2013.2") { aliases["icehouse-compat"] = RPCVersion(3, 0) }
        guard let cap = aliases[pin] ?? RPCVersion(pin) else { return nil }
        let own = code == "icehouse" ? RPCVersion(3, 23) : RPCVersion(2, 47)
        return cap.major == own.major ? min(cap, own) : cap
    }

    /// Why a compute rejects a message at `version` (nil: it accepts). Havana serves 2.x up to 2.47 and,
    /// from 2013.2.2, 3.0 through ComputeV3Proxy (formatted correctly from 2013.2.3); Icehouse serves only 3.x.
    public static func rejection(receiverCode: String?, receiverVersion: String?, message version: RPCVersion) -> String? {
        let bad = "UnsupportedVersion: Endpoint does not support RPC version \(version)"
        if receiverCode == "icehouse" { return version.major == 3 && version <= RPCVersion(3, 23) ? nil : bad }
        if version.major == 2 { return version <= RPCVersion(2, 47) ? nil : bad }
        if version == RPCVersion(3, 0), LabVersion.less("2013.2.2", receiverVersion ?? "2013.2") || receiverVersion == "2013.2.3" { return nil }
        if version == RPCVersion(3, 0), receiverVersion == "2013.2.2" {
            return "TypeError: icehouse-compat message format not understood (bug 1301436, fixed in 2013.2.3)"
        }
        return bad
    }

    /// Whether network-vif-plugged events for a port on `compute` reach it, and if not, why.
    static func eventsReach(compute: LabHost, state: LabState) -> (Bool, String) {
        guard let (serverHost, server) = running("neutron-server", in: state) else { return (false, "neutron-server is not running") }
        guard server.code == "icehouse" else { return (false, "a Havana neutron-server sends no events") }
        let c = server.config
        if let v = c["DEFAULT/notify_nova_on_port_status_changes"], !LabINI.isTrue(v) {
            return (false, "notify_nova_on_port_status_changes is false")
        }
        let url = c["DEFAULT/nova_url"] ?? "http://127.0.0.1:8774/v2"
        guard url.hasSuffix("/v2") || url.hasSuffix("/v2/") else { return (false, "nova_url \(url) lacks /v2: the events POST fails") }
        let urlHost = url.split(separator: "/").dropFirst().first.map { String($0.split(separator: ":").first ?? "") } ?? ""
        let apiHost = ["127.0.0.1", "localhost"].contains(urlHost) ? serverHost
            : state.hosts.first { $0.address == urlHost || $0.name == urlHost }
        guard let apiHost, let api = apiHost.daemons["openstack-nova-api"], api.state == .running else {
            return (false, "nova_url \(url) does not point at a running nova-api")
        }
        guard c["DEFAULT/nova_admin_username"] == "nova", c["DEFAULT/nova_admin_password"] == state.secrets["nova_ks"] else {
            return (false, "neutron's nova_admin_username/password are missing or wrong: keystone refuses the token")
        }
        guard c["DEFAULT/nova_admin_tenant_id"] == state.servicesTenantID else {
            return (false, "nova_admin_tenant_id is missing or is not the id of tenant services")
        }
        guard running("openstack-keystone", in: state) != nil else { return (false, "keystone is down: neutron cannot get a token") }
        guard api.code == "icehouse" else { return (false, "a Havana nova-api has no os-server-external-events") }
        if state.pinnedAPIBlocksEvents, let cap = sendCap(code: api.code, codeVersion: api.codeVersion, pin: api.config["upgrade_levels/compute"]),
           cap < RPCVersion(3, 23) {
            return (false, "nova-api is pinned to compute RPC \(cap): external_instance_event (3.23) raises RPCVersionCapError")
        }
        guard let agent = compute.daemons["neutron-openvswitch-agent"], agent.state == .running, agent.code == server.code else {
            return (false, "the openvswitch agent on \(compute.name) is not running the server's release: the port never goes ACTIVE")
        }
        return (true, "")
    }

    /// The first running, healthy instance of a daemon in the cloud.
    static func running(_ daemon: String, in state: LabState) -> (LabHost, LabDaemon)? {
        for h in state.hosts { if let d = h.daemons[daemon], d.state == .running { return (h, d) } }
        return nil
    }

    /// Whether a compute's service reports `up`: running, and a conductor it can talk to is running
    /// (Icehouse computes speak conductor RPC 2.0, which Havana conductors lack) [derived].
    static func computeUp(_ h: LabHost, state: LabState) -> Bool {
        guard let d = h.daemons["openstack-nova-compute"], d.state == .running else { return false }
        return state.hosts.contains { c in
            guard let cond = c.daemons["openstack-nova-conductor"], cond.state == .running else { return false }
            return d.code != "icehouse" || cond.code == "icehouse"
        }
    }

    /// A nova-style log timestamp.
    static func logStamp(_ t: Double) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        return f.string(from: Date(timeIntervalSince1970: t))
    }
}
