/// The data behind `upshift lab status --json`.
public struct LabSummary: Codable, Sendable, Hashable {
    /// One host's packages and daemons.
    public struct HostSummary: Codable, Sendable, Hashable {
        public var name: String, address: String, os: String, roles: [String]
        /// `openstack-nova-common` (or `openstack-neutron`) version-release.
        public var version: String?
        public var running: [String], stopped: [String], failed: [String]
    }
    public var sshd: [Int32]
    public var hosts: [HostSummary]
    public var databases: [String: String]
    /// API daemon → `up (havana|icehouse)` or `down`.
    public var apis: [String: String]
    /// Instance status → count.
    public var instances: [String: Int]
    public var faults: [LabFault]
    public var secretLeaks: Int
}

/// The text of `upshift lab status`: hosts, services, versions, instances, API health.
public enum LabReport {
    static let apiDaemons = [("keystone", "openstack-keystone"), ("nova-api", "openstack-nova-api"), ("neutron", "neutron-server"),
                             ("glance", "openstack-glance-api"), ("cinder", "openstack-cinder-api")]

    /// The status as data.
    public static func summary(_ s: LabState, now: Double, sshdPIDs: [Int32]) -> LabSummary {
        let hosts = s.hosts.map { h in
            LabSummary.HostSummary(name: h.name, address: h.address, os: h.os.rawValue, roles: h.roles,
                                   version: h.packages["openstack-nova-common"] ?? h.packages["openstack-neutron"],
                                   running: h.daemons.filter { $0.value.state == .running }.map(\.key).sorted(),
                                   stopped: h.daemons.filter { $0.value.state == .stopped }.map(\.key).sorted(),
                                   failed: h.daemons.filter { $0.value.state == .failed }.map(\.key).sorted())
        }
        var apis: [String: String] = [:]
        for (label, daemon) in apiDaemons { apis[label] = LabMechanisms.running(daemon, in: s).map { "up (\($0.1.code ?? "-"))" } ?? "down" }
        return LabSummary(sshd: sshdPIDs, hosts: hosts, databases: s.databases, apis: apis,
                          instances: Dictionary(grouping: s.instances, by: { $0.status(at: now) }).mapValues(\.count),
                          faults: s.faults, secretLeaks: s.secretLeaks.count)
    }

    /// Renders the status of a lab at `now`.
    public static func status(_ s: LabState, now: Double, sshdPIDs: [Int32]) -> String {
        var out = "sshd: \(sshdPIDs.isEmpty ? "not running" : "running (pid \(sshdPIDs.map(String.init).joined(separator: ", ")))")\n"
        out += "time factor: \(s.timeFactor)\n\nhosts:\n"
        for h in s.hosts {
            let nova = h.packages["openstack-nova-common"] ?? h.packages["openstack-neutron"] ?? "-"
            let running = h.daemons.values.filter { $0.state == .running }.count
            let failed = h.daemons.filter { $0.value.state == .failed }.map(\.key).sorted()
            let stopped = h.daemons.filter { $0.value.state == .stopped }.map(\.key).sorted()
            out += "  \(h.name)  \(h.address)  \(h.os.rawValue)  \(h.roles.joined(separator: ","))  \(nova)  running \(running)"
            if !stopped.isEmpty { out += "  stopped: \(stopped.joined(separator: " "))" }
            if !failed.isEmpty { out += "  FAILED: \(failed.joined(separator: " "))" }
            out += "\n"
        }
        out += "\ndatabases: " + s.databases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "\n"
        var apis: [String] = []
        for (label, daemon) in [("keystone", "openstack-keystone"), ("nova-api", "openstack-nova-api"), ("neutron", "neutron-server"),
                                ("glance", "openstack-glance-api"), ("cinder", "openstack-cinder-api")] {
            let up = s.hosts.contains { $0.isUp(daemon) }
            let code = LabMechanisms.running(daemon, in: s)?.1.code ?? "-"
            apis.append("\(label)=\(up ? "up(\(code))" : "DOWN")")
        }
        out += "APIs: " + apis.joined(separator: " ") + "\n"
        let byStatus = Dictionary(grouping: s.instances, by: { $0.status(at: now) }).mapValues(\.count)
        out += "instances: \(s.instances.count)" + byStatus.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined() + "\n"
        if !s.disabledServices.isEmpty { out += "disabled: " + s.disabledServices.keys.sorted().joined(separator: " ") + "\n" }
        if !s.faults.isEmpty { out += "faults: " + s.faults.map { "\($0.host):\($0.kind.rawValue)\($0.match.map { "~\($0)" } ?? "")" }.joined(separator: " ") + "\n" }
        if !s.secretLeaks.isEmpty {
            out += "SECRET LEAKS (a secret was on a command line; redacted here):\n" + s.secretLeaks.map { "  \($0)\n" }.joined()
        }
        return out
    }
}
