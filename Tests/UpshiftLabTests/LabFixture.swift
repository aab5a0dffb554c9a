import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftLab

/// An in-process lab with a manual clock (time factor 1: emulated seconds are nominal seconds, and
/// nothing really sleeps), plus helpers that run the exact command lines of docs/commands.md.
struct LabFixture {
    let store: InMemoryLabStore
    let time: ManualTime
    let transport: LabTransport

    init(controllers: Int = 1, networks: Int = 1, computes: Int = 2, os: String = "el6", havanaPoint: String = "2013.2.3") {
        let state = LabBuilder.makeState(LabTopology(controllers: controllers, networks: networks, computes: computes, os: os,
                                                     timeFactor: 1, havanaPoint: havanaPoint))
        store = InMemoryLabStore(state)
        let (clock, time) = LabClock.manual()
        self.time = time
        transport = LabTransport(store: store, clock: clock)
    }

    var state: LabState { try! store.read() }

    func target(_ host: String) -> HostTarget { HostTarget(name: HostName(host), address: host) }

    /// Runs a script and returns its result (throws only on transport errors).
    @discardableResult
    func run(_ host: String, _ script: String, stdin: String? = nil) async throws -> CommandResult {
        try await transport.run(RemoteCommand(script, stdin: stdin.map { Array($0.utf8) }), on: target(host))
    }

    /// Runs a script that must succeed.
    @discardableResult
    func ok(_ host: String, _ script: String, stdin: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
        let r = try await run(host, script, stdin: stdin)
        #expect(r.exitStatus == 0, "\(host): \(script) → \(r.exitStatus): \(r.stderrText)", sourceLocation: sourceLocation)
        return r.stdoutText
    }

    /// `. /root/keystonerc_admin && nova ...` on the API host.
    func nova(_ args: String) async throws -> CommandResult { try await run("ctl-01", ". /root/keystonerc_admin && nova \(args)") }

    /// The value of a `| field | value |` row.
    static func field(_ table: String, _ name: String) -> String? {
        for line in table.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 2, cells[0] == name { return cells[1] }
        }
        return nil
    }

    /// Boots an instance, lets `wait` emulated seconds pass, and returns its status and fault.
    func boot(_ name: String, wait: Double = 400) async throws -> (status: String, show: String) {
        let r = try await nova("boot --flavor m1.tiny --image cirros \(name)")
        #expect(r.exitStatus == 0, "nova boot: \(r.stderrText)")
        let id = try #require(Self.field(r.stdoutText, "id"))
        time.advance(wait)
        let show = try await nova("show \(id)").stdoutText
        return (Self.field(show, "status") ?? "?", show)
    }

    static let novaControllerDaemons = ["openstack-nova-api", "openstack-nova-scheduler", "openstack-nova-conductor",
                                        "openstack-nova-cert", "openstack-nova-consoleauth", "openstack-nova-novncproxy"]
    static let icehouseRepo = "http://rdo.fedorapeople.org/openstack-icehouse/rdo-release-icehouse.rpm"

    func repoSwitch(_ host: String) async throws {
        try await ok(host, "yum -d1 -y erase rdo-release-havana")
        try await ok(host, "yum -d1 -y install \(Self.icehouseRepo)")
    }

    /// Live method step 2-5 (§4.5): stop, upgrade, back up, sync, optionally pin, start.
    func upgradeNovaControllers(pin: Bool) async throws {
        for d in Self.novaControllerDaemons { try await ok("ctl-01", "service \(d) stop") }
        try await repoSwitch("ctl-01")
        try await ok("ctl-01", "yum -d1 -y upgrade '*nova*'")
        try await ok("ctl-01", "mkdir -p /var/lib/upshift/backups")
        try await ok("ctl-01", "mysqldump --opt --add-drop-database --databases nova --result-file=/var/lib/upshift/backups/nova.sql")
        try await ok("ctl-01", "test -s /var/lib/upshift/backups/nova.sql")
        try await ok("ctl-01", "runuser -s /bin/sh nova -c 'nova-manage db sync'")
        if pin { try await ok("ctl-01", "openstack-config --set /etc/nova/nova.conf upgrade_levels compute icehouse-compat") }
        for d in Self.novaControllerDaemons { try await ok("ctl-01", "service \(d) start") }
    }

    /// Neutron in one window on every host; with `notify`, the §3.5 options pointing at nova-api.
    func upgradeNeutron(notify: Bool, tenantID: String? = nil, novaURL: String? = nil) async throws {
        let hosts = state.hosts.filter { $0.daemons.keys.contains { $0.hasPrefix("neutron-") } }
        for h in hosts { for d in h.daemons.keys.sorted() where d.hasPrefix("neutron-") { try await ok(h.name, "service \(d) stop") } }
        for h in hosts {
            if h.packages["rdo-release-icehouse"] == nil { try await repoSwitch(h.name) }
            try await ok(h.name, "yum -d1 -y upgrade '*neutron*'")
        }
        try await ok("ctl-01", "runuser -s /bin/sh neutron -c 'neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini upgrade icehouse'")
        if notify {
            let ctl = state.host("ctl-01")!.address
            var tenant = tenantID ?? ""
            if tenantID == nil { tenant = Self.field(try await ok("ctl-01", ". /root/keystonerc_admin && keystone tenant-get services"), "id")! }
            let conf = """
            [DEFAULT]
            notify_nova_on_port_status_changes = True
            notify_nova_on_port_data_changes = True
            nova_url = \(novaURL ?? "http://\(ctl):8774/v2")
            nova_admin_username = nova
            nova_admin_tenant_id = \(tenant)
            nova_admin_password = \(state.secrets["nova_ks"]!)
            nova_admin_auth_url = http://\(ctl):35357/v2.0

            """
            let current = try await ok("ctl-01", "cat /etc/neutron/neutron.conf")
            try await writeFile("ctl-01", "/etc/neutron/neutron.conf", conf + current.replacingOccurrences(of: "[DEFAULT]\n", with: ""))
        }
        for h in hosts { for d in h.daemons.keys.sorted() where d.hasPrefix("neutron-") { try await ok(h.name, "service \(d) start") } }
    }

    /// Live method step 7 for one compute.
    func upgradeCompute(_ host: String) async throws {
        try await ok("ctl-01", ". /root/keystonerc_admin && nova service-disable --reason upgrade \(host) nova-compute")
        try await ok(host, "service openstack-nova-compute stop")
        if state.host(host)?.packages["rdo-release-icehouse"] == nil { try await repoSwitch(host) }
        try await ok(host, "yum -d1 -y upgrade '*nova*'")
        try await ok(host, "service openstack-nova-compute start")
        try await ok("ctl-01", ". /root/keystonerc_admin && nova service-enable \(host) nova-compute")
    }

    /// The file protocol's write line, as Upshift renders it (docs/commands.md).
    func writeFile(_ host: String, _ path: String, _ content: String) async throws {
        try await ok(host, CommandRenderer.writeScript(path: path, stamp: "20140501T100000", size: String(content.utf8.count)), stdin: content)
    }
}
