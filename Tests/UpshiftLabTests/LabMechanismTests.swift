import Testing
import UpshiftExecution
@testable import UpshiftLab

/// The lab catches a wrong upgrade order by its mechanisms (reference §3, §4.5), not by rules.
@Suite struct LabMechanismTests {
    @Test func aFreshHavanaCloudBootsInstances() async throws {
        let lab = LabFixture()
        let (status, _) = try await lab.boot("vm1", wait: 10)
        #expect(status == "ACTIVE")
    }

    @Test func theLiveOrderBootsOnEveryComputeWithoutWaiting() async throws {
        let lab = LabFixture()
        try await lab.upgradeNovaControllers(pin: true)
        #expect(try await lab.boot("after-controllers", wait: 10).status == "ACTIVE")
        try await lab.upgradeNeutron(notify: true)
        // The pinned nova-api cannot forward events (§3.3 #7), so the plan uses the nova-side escape while pinned.
        for c in ["cmp-01", "cmp-02"] {
            try await lab.ok(c, "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_is_fatal False")
            try await lab.ok(c, "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_timeout 0")
            try await lab.upgradeCompute(c)
        }
        for i in 1...4 { #expect(try await lab.boot("mid-\(i)", wait: 10).status == "ACTIVE") }
        // Unpin and restore the defaults, restart everything: events now flow, boots don't wait.
        try await lab.ok("ctl-01", "openstack-config --del /etc/nova/nova.conf upgrade_levels compute")
        for d in LabFixture.novaControllerDaemons { try await lab.ok("ctl-01", "service \(d) restart") }
        for c in ["cmp-01", "cmp-02"] {
            try await lab.ok(c, "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_is_fatal True")
            try await lab.ok(c, "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_timeout 300")
            try await lab.ok(c, "service openstack-nova-compute restart")
        }
        let before = lab.state.instances.count
        for i in 1...4 { #expect(try await lab.boot("final-\(i)", wait: 10).status == "ACTIVE") }
        #expect(lab.state.instances.dropFirst(before).allSatisfy { $0.vifWaitSeconds <= 1 && $0.host != nil })
    }

    @Test func anIcehouseComputeBeforeNeutronFailsBootsAfterTheTimeout() async throws {
        let lab = LabFixture(computes: 1)
        try await lab.upgradeNovaControllers(pin: false)
        try await lab.upgradeCompute("cmp-01")
        let r = try await lab.nova("boot --flavor m1.tiny --image cirros early")
        let id = try #require(LabFixture.field(r.stdoutText, "id"))
        lab.time.advance(200)
        #expect(LabFixture.field(try await lab.nova("show \(id)").stdoutText, "status") == "BUILD")
        lab.time.advance(200)
        let show = try await lab.nova("show \(id)").stdoutText
        #expect(LabFixture.field(show, "status") == "ERROR")
        #expect(show.contains("Virtual Interface creation failed"))
        #expect(show.contains("Havana neutron-server sends no events"))
    }

    @Test func vifPluggingNotFatalBootsAfterTheTimeoutAndZeroTimeoutDoesNotWait() async throws {
        let lab = LabFixture(computes: 1)
        try await lab.upgradeNovaControllers(pin: false)
        try await lab.ok("cmp-01", "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_is_fatal False")
        try await lab.upgradeCompute("cmp-01")
        #expect(try await lab.boot("slow", wait: 100).status == "BUILD")
        lab.time.advance(300)
        #expect(lab.state.instances.last?.status(at: lab.time.value) == "ACTIVE")
        #expect(lab.state.instances.last?.vifWaitSeconds == 300)
        try await lab.ok("cmp-01", "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_timeout 0")
        try await lab.ok("cmp-01", "service openstack-nova-compute restart")
        #expect(try await lab.boot("fast", wait: 5).status == "ACTIVE")
        #expect(lab.state.instances.last?.vifWaitSeconds == 0)
    }

    @Test(arguments: [
        ("notify off", "notify_nova_on_port_status_changes", "False"),
        ("no /v2", "nova_url", "http://127.0.77.1:8774"),
        ("tenant name instead of id", "nova_admin_tenant_id", "services"),
    ])
    func icehouseNeutronWithoutWorkingNotificationsStillFailsBoots(_ label: String, _ key: String, _ value: String) async throws {
        let lab = LabFixture(computes: 1)
        try await lab.upgradeNovaControllers(pin: false)
        try await lab.upgradeNeutron(notify: true)
        try await lab.ok("ctl-01", "openstack-config --set /etc/neutron/neutron.conf DEFAULT \(key) \(value)")
        try await lab.ok("ctl-01", "service neutron-server restart")
        try await lab.upgradeCompute("cmp-01")
        #expect(try await lab.boot("vm", wait: 400).status == "ERROR", "\(label)")
    }

    @Test func aConfiguredIcehouseNeutronDeliversEventsToAnUnpinnedAPI() async throws {
        let lab = LabFixture(computes: 1)
        try await lab.upgradeNovaControllers(pin: false)
        try await lab.upgradeNeutron(notify: true)
        try await lab.upgradeCompute("cmp-01")
        #expect(try await lab.boot("vm", wait: 10).status == "ACTIVE")
    }

    @Test func aPinnedAPICannotForwardEvents() async throws {
        let lab = LabFixture(computes: 2)
        try await lab.upgradeNovaControllers(pin: true)
        try await lab.upgradeNeutron(notify: true)
        try await lab.upgradeCompute("cmp-01")
        try await lab.ok("ctl-01", ". /root/keystonerc_admin && nova service-disable --reason test cmp-02 nova-compute")
        let (status, show) = try await lab.boot("vm", wait: 400)
        #expect(status == "ERROR")
        #expect(show.contains("RPCVersionCapError"))
    }

    @Test func unpinnedIcehouseControllersCannotBootOnHavanaComputes() async throws {
        let lab = LabFixture(computes: 1)
        try await lab.upgradeNovaControllers(pin: false)
        let (status, show) = try await lab.boot("vm", wait: 10)
        #expect(status == "ERROR")
        #expect(show.contains("UnsupportedVersion"))
    }

    @Test func theHavanaAliasIsRejectedByIcehouseComputes() async throws {
        let lab = LabFixture(computes: 1)
        try await lab.upgradeNovaControllers(pin: false)
        try await lab.ok("ctl-01", "openstack-config --set /etc/nova/nova.conf upgrade_levels compute havana")
        try await lab.ok("ctl-01", "service openstack-nova-scheduler restart")
        #expect(try await lab.boot("on-havana", wait: 10).status == "ACTIVE")
        try await lab.ok("cmp-01", "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_timeout 0")
        try await lab.ok("cmp-01", "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_is_fatal False")
        try await lab.upgradeCompute("cmp-01")
        let (status, show) = try await lab.boot("on-icehouse", wait: 10)
        #expect(status == "ERROR")
        #expect(show.contains("2.47"))
    }

    @Test func havanaComputesOlderThan2013_2_3MishandleTheCompatPin() async throws {
        let lab = LabFixture(computes: 1, havanaPoint: "2013.2.2")
        try await lab.upgradeNovaControllers(pin: true)
        let (status, show) = try await lab.boot("vm", wait: 10)
        #expect(status == "ERROR")
        #expect(show.contains("1301436"))
    }

    @Test func withTheUnconfirmedPinRuleOffAPinnedAPIForwardsEvents() async throws {
        let lab = LabFixture(computes: 1)
        _ = try lab.store.update { (s: inout LabState) throws(LabError) in s.pinnedAPIBlocksEvents = false }
        try await lab.upgradeNovaControllers(pin: true)
        try await lab.upgradeNeutron(notify: true)
        try await lab.upgradeCompute("cmp-01")
        #expect(try await lab.boot("vm", wait: 10).status == "ACTIVE")
    }

    @Test func cinderUpgradedInOneWindowOnTheControllerAndStorageRoleRunsAgain() async throws {
        let lab = LabFixture()
        #expect(lab.state.host("ctl-01")?.roles == ["controller", "storage"])
        let daemons = ["openstack-cinder-api", "openstack-cinder-scheduler", "openstack-cinder-volume"]
        for d in daemons { try await lab.ok("ctl-01", "service \(d) stop") }
        try await lab.repoSwitch("ctl-01")
        try await lab.ok("ctl-01", "yum -d1 -y upgrade '*cinder*'")
        try await lab.ok("ctl-01", "runuser -s /bin/sh cinder -c 'cinder-manage db sync'")
        for d in daemons { try await lab.ok("ctl-01", "service \(d) start") }
        #expect(try await lab.ok("ctl-01", "cinder-manage db version") == "22\n")
        #expect(try await lab.run("ctl-01", ". /root/keystonerc_admin && cinder list").exitStatus == 0)
    }
}
