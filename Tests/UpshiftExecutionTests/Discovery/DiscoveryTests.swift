import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

@Suite struct DiscoveryTests {
    static let packYAML = """
    format_version: 1
    name: t
    from: havana
    to: icehouse
    roles: [{name: controller}, {name: compute}]
    services:
      - name: nova
        daemons:
          - {role: controller, daemons: [openstack-nova-api, openstack-nova-scheduler]}
          - {role: compute, daemons: [openstack-nova-compute]}
        database:
          name: nova
          sync: nova-manage db sync
          user: nova
          version_command: nova-manage db version
          discover: [{flag: non_utf8_tables, sql: "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='nova' AND TABLE_COLLATION NOT LIKE '%utf8%'"}]
        config:
          - file: /etc/nova/nova.conf
            changes:
              - {kind: rename, option: DEFAULT/libvirt_type, to: libvirt/virt_type}
              - {kind: remove, option: DEFAULT/libvirt_vif_driver}
              - {kind: set, option: DEFAULT/neutron_admin_password, value: "{{secret:NOVA_KS_PW}}"}
              - {kind: rename, option: DEFAULT/sql_connection, to: database/connection}
      - name: neutron
        daemons:
          - {role: controller, daemons: [neutron-server]}
          - {role: compute, daemons: [neutron-openvswitch-agent]}
        database:
          name: neutron
          sync: neutron-db-manage upgrade head
          user: neutron
          version_command: neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini current
          discover: [{flag: non_utf8_tables, sql: "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='neutron' AND TABLE_COLLATION NOT LIKE '%utf8%'"}]
    rpc_pin: {file: /etc/nova/nova.conf, option: upgrade_levels/compute, value: icehouse-compat, senders: [openstack-nova-api], verify_package: openstack-nova-compute}
    rules:
      - id: t.rule
        severity: error
        summary: s
        fix: f
        subject:
          daemons: [openstack-nova-compute]
          config: [{file: /etc/nova/nova.conf, option: DEFAULT/rpc_backend, in: [qpid]}]
    """
    static let pack = try! YAMLDocument(text: packYAML, sourceName: "t.yaml").decode(Pack.self)
    static let inventory = Inventory(name: "t", settings: CloudSettings(services: ["nova", "neutron"]), hosts: [
        Host(name: "ctl", address: "192.0.2.10", os: .el6, release: "havana", roles: ["controller"]),
        Host(name: "cmp-1", address: "192.0.2.21", os: .el7, release: "havana", roles: ["compute"]),
        Host(name: "cmp-2", address: "192.0.2.22", os: .el6, release: "havana", roles: ["compute"]),
    ])
    static let novaConf: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/data/operator/havana-rdo-packstack-el6/nova.conf").standardized
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    static func charsetSQL(_ db: String) -> String {
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='\(db)' AND TABLE_COLLATION NOT LIKE '%utf8%'"
    }

    static func cloud(_ host: HostName, _ script: String) throws(TransportError) -> CommandResult {
        if host == "cmp-2" { throw TransportError(.unreachable, host: host, message: "ssh: connect to host 192.0.2.22 port 22: No route to host") }
        if script == "mysql -N -e " + ShellQuote.quote(charsetSQL("nova")) { return .ok("") }
        if script == "mysql -N -e " + ShellQuote.quote(charsetSQL("neutron")) { return .ok("agents\nrouters\n") }
        switch script {
        case "cat /etc/redhat-release": return .ok(host == "cmp-1" ? "CentOS Linux release 7.0.1406 (Core)\n" : "CentOS release 6.5 (Final)\n")
        case "rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\\n'":
            return .ok("openstack-nova-common 2013.2.3-1.el6\nopenstack-nova-api 2013.2.3-1.el6\nkernel 2.6.32-431.el6\n")
        case "service openstack-nova-api status && echo upshift-running:openstack-nova-api; service openstack-nova-scheduler status && echo upshift-running:openstack-nova-scheduler; service neutron-server status && echo upshift-running:neutron-server":
            return .ok("openstack-nova-api (pid  2345) is running...\nupshift-running:openstack-nova-api\nneutron (pid  3456) is running...\nupshift-running:neutron-server\n")
        case "systemctl is-active openstack-nova-compute && echo upshift-running:openstack-nova-compute; systemctl is-active neutron-openvswitch-agent && echo upshift-running:neutron-openvswitch-agent":
            return .ok("active\nupshift-running:openstack-nova-compute\ninactive\n")
        case "cat /etc/nova/nova.conf": return .ok(novaConf)
        case "runuser -s /bin/sh nova -c 'nova-manage db version'": return .ok("216\n")
        case "runuser -s /bin/sh neutron -c 'neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini current'":
            return CommandResult(exitStatus: 0, stdout: Array("  Current revision for mysql://neutron:s3cretpw@192.0.2.10/ovs_neutron: havana\n".utf8),
                                 stderr: Array("INFO  [alembic.migration] Context impl MySQLImpl.\n".utf8))
        default: return .fail(127, "sh: \(script.split(separator: " ").first ?? ""): command not found\n")
        }
    }

    @Test func discoveryCollectsOSPackagesDaemonsConfigAndSchemaVersions() async throws {
        let transport = ScriptedTransport(Self.cloud)
        let report = await Discovery(transport: transport, pack: Self.pack, inventory: Self.inventory, platforms: CloudFixture.platforms, parallel: 2).run(Self.inventory)
        let facts = report.facts
        #expect(facts.hosts.map(\.host) == ["ctl", "cmp-1", "cmp-2"])
        let ctl = try #require(facts.host("ctl"))
        #expect(ctl.os == "CentOS release 6.5 (Final)")
        #expect(ctl.packages["openstack-nova-common"] == "2013.2.3-1.el6")
        #expect(ctl.running == ["openstack-nova-api", "neutron-server"])
        #expect(facts.host("cmp-1")?.running == ["openstack-nova-compute"])
        let conf = try #require(ctl.config["/etc/nova/nova.conf"])
        #expect(conf["DEFAULT/libvirt_type"] == "kvm")
        #expect(conf["DEFAULT/rpc_backend"] == "nova.openstack.common.rpc.impl_qpid")
        #expect(conf["DEFAULT/neutron_admin_password"] == nil && conf["DEFAULT/sql_connection"] == nil)
        #expect(facts.database("nova")?.version == "216")
        #expect(facts.database("neutron")?.version == "havana")
        #expect(facts.database("neutron")?.flags == ["non_utf8_tables"] && facts.database("nova")?.flags == [])
        #expect(report.someHostsFailed)
    }

    @Test func anUnreachableHostIsReportedAndTheOthersGoOn() async throws {
        let transport = ScriptedTransport(Self.cloud)
        let report = await Discovery(transport: transport, pack: Self.pack, inventory: Self.inventory, platforms: CloudFixture.platforms).run(Self.inventory)
        let down = try #require(report.facts.host("cmp-2"))
        #expect(!down.reachable && down.error?.contains("No route to host") == true)
        #expect(report.problems.map(\.id) == ["discover.unreachable"])
        #expect(report.problems[0].subject.hosts == ["cmp-2"])
        #expect(report.facts.host("cmp-1")?.reachable == true)
    }

    @Test func noSecretReachesTheFactsOrTheProblems() async throws {
        let transport = ScriptedTransport(Self.cloud)
        let report = await Discovery(transport: transport, pack: Self.pack, inventory: Self.inventory, platforms: CloudFixture.platforms).run(Self.inventory)
        let json = String(decoding: try JSONEncoder().encode(report.facts), as: UTF8.self) + "\(report.problems)"
        #expect(!json.contains("s3cretpw"))
        #expect(!json.contains("neutron_admin_password"))
    }

    @Test func parallelismIsBounded() async {
        let many = Inventory(name: "m", settings: CloudSettings(services: ["nova"]), hosts: (1...12).map {
            Host(name: HostName("c\($0)"), address: "10.0.0.\($0)", os: .el6, release: "havana", roles: ["compute"])
        })
        let transport = ScriptedTransport(Self.cloud)
        let report = await Discovery(transport: transport, pack: Self.pack, inventory: many, platforms: CloudFixture.platforms, parallel: 3).run(many)
        #expect(report.facts.hosts.count == 12)
        #expect(await transport.peakConcurrency <= 3)
    }

    @Test(arguments: [
        ("216\n", "", "216"),
        ("", "INFO  [alembic.migration] Context impl MySQLImpl.\n  Current revision for mysql://n:pw@db/neutron: None\n", "None"),
        ("Current revision for mysql://n:pw@db/neutron: icehouse\n", "", "icehouse"),
        ("Current revision for mysql://neutron:XXXXX@127.0.0.1/neutron: 1341ed32cc1e -> havana, havana\n", "", "havana"),
        ("Current revision for mysql://neutron:XXXXX@h/neutron: havana -> icehouse (head), icehouse\n", "", "icehouse"),
        ("", "", nil),
    ] as [(String, String, String?)])
    func schemaVersionsAreReadFromRealOutput(stdout: String, stderr: String, version: String?) {
        #expect(Discovery.schemaVersion(stdout: stdout, stderr: stderr) == version)
    }

    @Test func redactionRemovesPasswordsFromURLs() {
        #expect(Redaction.scrub("mysql://nova:secret@db/nova and http://h:5000/v2.0") == "mysql://nova:***@db/nova and http://h:5000/v2.0")
        #expect(ConfigReading.looksSecret(key: "rabbit_password", value: "x"))
        #expect(ConfigReading.looksSecret(key: "anything", value: "qpid://u:p@h"))
        #expect(!ConfigReading.looksSecret(key: "libvirt_type", value: "kvm"))
    }
}

/// A pack's read-only database queries (`databases[].discover`): rows set the flag; a header is not a row;
/// a query that writes or a database that is not mysql is refused when the pack loads.
@Suite struct DatabaseQueryTests {
    @Test func rowsAreTheLinesWithoutTheColumnHeader() {
        let sql = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='glance'"
        #expect(Discovery.rows("TABLE_NAME\nimages\nimage_members\n", sql: sql) == ["images", "image_members"])
        #expect(Discovery.rows("images\n\n", sql: sql) == ["images"])
        #expect(Discovery.rows("", sql: sql) == [])
    }

    @Test func aQueryThatWritesOrOnAnotherEngineIsRefusedAtItsLine() {
        let base = DiscoveryTests.packYAML.replacingOccurrences(of: "format_version: 1", with: "format_version: 2")
            .replacingOccurrences(of: "    rpc_pin: {file: /etc/nova/nova.conf, option: upgrade_levels/compute, value: icehouse-compat, senders: [openstack-nova-api], verify_package: openstack-nova-compute}\n", with: "")
            + "\nprocedure: {}\n"
        #expect(throws: Never.self) { _ = try PackLoader.load(text: base, sourceName: "t.yaml") }
        let writes = base.replacingOccurrences(of: "sql: \"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='nova'", with: "sql: \"DROP TABLE x; SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='nova'")
        do { _ = try PackLoader.load(text: writes, sourceName: "t.yaml"); Issue.record("a writing query was accepted") } catch {
            #expect(error.diagnostics.map(\.id) == ["pack.database-query"])
            let line = (writes.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("DROP TABLE") } ?? -1) + 1
            #expect(error.diagnostics.first?.subject.location?.line == line)
        }
        let mongo = base.replacingOccurrences(of: "      name: nova\n", with: "      name: nova\n      engine: mongodb\n")
        do { _ = try PackLoader.load(text: mongo, sourceName: "t.yaml"); Issue.record("a mongodb query was accepted") } catch {
            #expect(error.diagnostics.map(\.summary) == ["database nova: discover queries run on mysql databases only (this one is mongodb)"])
        }
    }
}
