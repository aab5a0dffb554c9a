/// The text of `upshift lab status`: hosts, services, versions, instances, API health.
public enum LabReport {
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
