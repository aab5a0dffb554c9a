import Testing
import UpshiftExecution
@testable import UpshiftLab

/// Start-up, schema, API availability and package mechanisms.
@Suite struct LabServiceTests {
    @Test func newCodeBeforeItsSchemaSyncFailsToStart() async throws {
        let lab = LabFixture()
        try await lab.ok("ctl-01", "service openstack-nova-api stop")
        try await lab.repoSwitch("ctl-01")
        try await lab.ok("ctl-01", "yum -d1 -y upgrade openstack-nova-api openstack-nova-common")
        let start = try await lab.run("ctl-01", "service openstack-nova-api start")
        #expect(start.exitStatus == 1)
        #expect(start.stdoutText.contains("[FAILED]"))
        #expect(start.stderrText.contains("schema sync"))
        #expect(try await lab.run("ctl-01", "service openstack-nova-api status").exitStatus == 1)
    }

    @Test func aSchemaSyncBreaksHavanaDaemonsStillRunningOnIt() async throws {
        let lab = LabFixture()
        try await lab.ok("ctl-01", "service openstack-nova-api stop")
        try await lab.repoSwitch("ctl-01")
        try await lab.ok("ctl-01", "yum -d1 -y upgrade openstack-nova-common")
        let before = lab.time.value
        try await lab.ok("ctl-01", "runuser -s /bin/sh nova -c 'nova-manage db sync'")
        #expect(lab.time.value - before >= 60, "a nova sync takes its emulated time")
        #expect(try await lab.ok("ctl-01", "nova-manage db version") == "233\n")
        let status = try await lab.run("ctl-01", "service openstack-nova-scheduler status")
        #expect(status.exitStatus == 1)
        #expect(status.stdoutText == "openstack-nova-scheduler dead but pid file exists\n")
    }

    @Test func yumUpgradeRestartsRunningNovaServicesOnEL6() async throws {
        let lab = LabFixture()
        try await lab.repoSwitch("ctl-01")
        let r = try await lab.run("ctl-01", "yum -d1 -y upgrade '*nova*'")
        #expect(r.exitStatus == 0)
        #expect(lab.state.host("ctl-01")?.daemons["openstack-nova-api"]?.state == .failed, "condrestart put new code on the old schema")
        #expect(lab.state.host("ctl-01")?.files["/etc/nova/nova.conf.rpmnew"] != nil)
    }

    @Test func theIcehouseNovaSyncNeedsTheHavanaHead() async throws {
        let lab = LabFixture()
        _ = try lab.store.update { (s: inout LabState) throws(LabError) in s.databases["nova"] = "210" }
        try await lab.repoSwitch("ctl-01")
        try await lab.ok("ctl-01", "service openstack-nova-api stop")
        try await lab.ok("ctl-01", "yum -d1 -y upgrade openstack-nova-common")
        let r = try await lab.run("ctl-01", "runuser -s /bin/sh nova -c 'nova-manage db sync'")
        #expect(r.exitStatus == 1)
        #expect(r.stderrText.contains("216"))
    }

    @Test func stoppedAPIsAreUnavailable() async throws {
        let lab = LabFixture()
        try await lab.ok("ctl-01", "service openstack-nova-api stop")
        let r = try await lab.nova("list")
        #expect(r.exitStatus == 1)
        #expect(r.stderrText.hasPrefix("ERROR: Unable to establish connection"))
        try await lab.ok("ctl-01", "service neutron-server stop")
        #expect(try await lab.run("ctl-01", ". /root/keystonerc_admin && neutron agent-list").stderrText.contains("Connection to neutron failed"))
        #expect(try await lab.run("ctl-01", "nova list").stderrText.contains("OS_USERNAME"), "without keystonerc the client has no credentials")
    }

    @Test func theStatusSummaryShowsAPIHealthAndInstances() async throws {
        let lab = LabFixture()
        _ = try await lab.boot("vm", wait: 10)
        try await lab.ok("ctl-01", "service openstack-nova-api stop")
        let s = LabReport.summary(lab.state, now: lab.time.value, sshdPIDs: [])
        #expect(s.apis["nova-api"] == "down" && s.apis["keystone"] == "up (havana)")
        #expect(s.instances == ["ACTIVE": 1])
        #expect(s.hosts.first?.stopped == ["openstack-nova-api"])
        #expect(LabReport.status(lab.state, now: lab.time.value, sshdPIDs: []).contains("nova-api=DOWN"))
    }

    @Test func bootsFailWhileNeutronServerIsDown() async throws {
        let lab = LabFixture()
        try await lab.ok("ctl-01", "service neutron-server stop")
        let (status, show) = try await lab.boot("vm", wait: 10)
        #expect(status == "ERROR" && show.contains("allocate the network"))
    }

    @Test func waitHealthyCommandsReportComputeStateAndDisabledReason() async throws {
        let lab = LabFixture()
        try await lab.ok("ctl-01", ". /root/keystonerc_admin && nova service-disable --reason upgrade cmp-01 nova-compute")
        let table = try await lab.ok("ctl-01", ". /root/keystonerc_admin && nova service-list --binary nova-compute --host cmp-01")
        #expect(table.contains("| nova-compute | cmp-01 | nova | disabled | up    |"))
        #expect(table.contains("| upgrade "))
        try await lab.ok("cmp-01", "service openstack-nova-compute stop")
        let down = try await lab.ok("ctl-01", ". /root/keystonerc_admin && nova service-list --binary nova-compute --host cmp-01")
        #expect(down.contains("| down  |"))
    }

    @Test func systemdHostsUseSystemctlAndSysVHostsDoNot() async throws {
        let lab = LabFixture(os: "mixed")
        #expect(try await lab.run("cmp-01", "systemctl is-active openstack-nova-compute").exitStatus == 127)
        #expect(try await lab.ok("cmp-02", "systemctl is-active openstack-nova-compute") == "active\n")
        try await lab.ok("cmp-02", "systemctl stop openstack-nova-compute")
        let r = try await lab.run("cmp-02", "systemctl is-active openstack-nova-compute")
        #expect(r.exitStatus == 3 && r.stdoutText == "inactive\n")
        #expect(try await lab.ok("cmp-02", "cat /etc/redhat-release").hasPrefix("CentOS Linux release 7"))
    }

    @Test func rpmPrintsQueryFormats() async throws {
        let lab = LabFixture()
        #expect(try await lab.ok("cmp-01", "rpm -q --qf '%{VERSION}\\n' openstack-nova-compute") == "2013.2.3\n")
        let all = try await lab.ok("cmp-01", "rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\\n'")
        #expect(all.contains("openstack-nova-common 2013.2.3-1.el6\n"))
        let missing = try await lab.run("cmp-01", "rpm -q openstack-nova-api")
        #expect(missing.exitStatus == 1 && missing.stdoutText == "package openstack-nova-api is not installed\n")
    }

    @Test func databaseVersionCommandsPrintTheVersion() async throws {
        let lab = LabFixture()
        #expect(try await lab.ok("ctl-01", "keystone-manage db_version") == "36\n")
        #expect(try await lab.ok("ctl-01", "glance-manage db_version") == "29\n")
        #expect(try await lab.ok("ctl-01", "cinder-manage db version") == "20\n", "cinder is at 020 up to 2013.2.3 (§12 #9)")
        let neutron = try await lab.ok("ctl-01", "neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini current")
        #expect(neutron.hasSuffix(" havana\n"))
    }

    @Test func openstackServiceListsEnabledServicesByPrefix() async throws {
        let lab = LabFixture()
        let list = try await lab.ok("ctl-01", "openstack-service list nova")
        #expect(list.split(separator: "\n").count == 6)
        try await lab.ok("ctl-01", "openstack-service stop nova")
        #expect(lab.state.host("ctl-01")!.daemons.filter { $0.key.hasPrefix("openstack-nova") }.allSatisfy { $0.value.state == .stopped })
    }

    @Test func clientTablesLookLikeThePythonClients() async throws {
        let lab = LabFixture(computes: 1)
        let agents = try await lab.ok("ctl-01", ". /root/keystonerc_admin && neutron agent-list")
        let lines = agents.split(separator: "\n")
        #expect(lines[1].hasPrefix("| id ") && lines[1].contains("| agent_type         | host   | alive | admin_state_up |"))
        #expect(lines.count == 3 + 5 + 1, "4 agents on net-01, 1 on cmp-01")
        #expect(agents.contains("| Open vSwitch agent | cmp-01 | :-)   | True           |"))
        try await lab.ok("cmp-01", "service neutron-openvswitch-agent stop")
        #expect(try await lab.ok("ctl-01", ". /root/keystonerc_admin && neutron agent-list").contains("| Open vSwitch agent | cmp-01 | xxx   | True           |"))
        let empty = try await lab.ok("ctl-01", ". /root/keystonerc_admin && cinder list")
        #expect(empty == """
        +----+--------+--------------+------+-------------+----------+-------------+
        | ID | Status | Display Name | Size | Volume Type | Bootable | Attached to |
        +----+--------+--------------+------+-------------+----------+-------------+
        +----+--------+--------------+------+-------------+----------+-------------+

        """)
        #expect(try await lab.ok("ctl-01", ". /root/keystonerc_admin && nova flavor-list").contains("| 1  | m1.tiny   | 512 "))
    }

    @Test func discoveryListingsOfServices() async throws {
        let lab = LabFixture(os: "mixed")
        try await lab.ok("cmp-01", "service openstack-nova-compute stop")
        let all = try await lab.ok("cmp-01", "service --status-all")
        #expect(all.contains("openstack-nova-compute is stopped\n") && all.contains("libvirtd (pid "))
        #expect(try await lab.ok("cmp-01", "chkconfig --list openstack-nova-compute") == "openstack-nova-compute  0:off\t1:off\t2:on\t3:on\t4:on\t5:on\t6:off\n")
        let units = try await lab.ok("cmp-02", "systemctl list-units --type=service --state=running --no-legend")
        #expect(units.contains("openstack-nova-compute.service loaded active running"))
    }
}

@Suite struct LabDatabaseFactTests {
    @Test func glanceRefusesLatin1TablesUntilTheyAreConverted() async throws {
        var topo = LabTopology(computes: 1, timeFactor: 1)
        topo.glanceLatin1 = true
        let store = InMemoryLabStore(LabBuilder.makeState(topo))
        let (clock, _) = LabClock.manual()
        let t = LabTransport(store: store, clock: clock)
        func run(_ s: String) async throws -> CommandResult { try await t.run(RemoteCommand(s), on: HostTarget(name: "ctl-01", address: "ctl-01")) }
        let check = "mysql -N -e \"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='glance' AND TABLE_COLLATION NOT LIKE '%utf8%'\""
        #expect(try await run(check).stdoutText == "image_members\nimage_properties\nimages\n")
        for s in ["service openstack-glance-api stop", "service openstack-glance-registry stop", "yum -d1 -y erase rdo-release-havana",
                  "yum -d1 -y install http://rdo.fedorapeople.org/openstack-icehouse/rdo-release-icehouse.rpm", "yum -d1 -y upgrade '*glance*'"] {
            #expect(try await run(s).exitStatus == 0, "\(s)")
        }
        let refused = try await run("runuser -s /bin/sh glance -c 'glance-manage db_sync'")
        #expect(refused.exitStatus == 1 && refused.stderrText.contains("non utf8 collation"))
        let fix = "mysql -e \"SET foreign_key_checks=0; ALTER TABLE glance.images CONVERT TO CHARACTER SET 'utf8'; ALTER TABLE glance.image_members CONVERT TO CHARACTER SET 'utf8'; ALTER TABLE glance.image_properties CONVERT TO CHARACTER SET 'utf8'\""
        #expect(try await run(fix).exitStatus == 0)
        #expect(try await run(check).stdoutText == "")
        #expect(try await run("runuser -s /bin/sh glance -c 'glance-manage db_sync'").exitStatus == 0)
        #expect(try await run("glance-manage db_version").stdoutText == "34\n")
    }

    @Test func anUnversionedNeutronDBMustBeStampedFirst() async throws {
        var topo = LabTopology(computes: 1, timeFactor: 1)
        topo.neutronUnversioned = true
        let (clock, _) = LabClock.manual()
        let t = LabTransport(store: InMemoryLabStore(LabBuilder.makeState(topo)), clock: clock)
        func run(_ s: String) async throws -> CommandResult { try await t.run(RemoteCommand(s), on: HostTarget(name: "ctl-01", address: "ctl-01")) }
        let args = "--config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini"
        #expect(try await run("neutron-db-manage \(args) current").stdoutText.hasSuffix(": None\n"))
        _ = try await run("service neutron-server stop")
        #expect(try await run("service neutron-server start").exitStatus == 1, "the EL6 init script refuses an unversioned DB")
        #expect(try await run("openstack-db --service neutron --update").stderrText.contains("Can't determine the existing sync level"))
        #expect(try await run("neutron-db-manage \(args) stamp havana").exitStatus == 0)
        #expect(try await run("service neutron-server start").exitStatus == 0)
    }
}
