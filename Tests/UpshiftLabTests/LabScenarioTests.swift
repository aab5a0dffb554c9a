import Testing
import UpshiftExecution
@testable import UpshiftLab

/// Whole-cloud upgrades in the lab: correct plans (live, offline) end on Icehouse with working boots.
@Suite struct LabScenarioTests {
    static let sync: [String: (user: String, command: String)] = [
        "keystone": ("keystone", "keystone-manage db_sync"), "cinder": ("cinder", "cinder-manage db sync"),
        "glance": ("glance", "glance-manage db_sync"), "nova": ("nova", "nova-manage db sync"),
        "neutron": ("neutron", "neutron-db-manage --config-file /usr/share/neutron/neutron-dist.conf --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini upgrade icehouse"),
    ]

    /// §4.1 on the controller: stop, upgrade, back up, sync, start.
    func upgradeService(_ lab: LabFixture, _ service: String, daemons: [String], glob: String) async throws {
        for d in daemons { try await lab.ok("ctl-01", "service \(d) stop") }
        try await lab.ok("ctl-01", "yum -d1 -y upgrade '\(glob)'")
        if let s = Self.sync[service] {
            try await lab.ok("ctl-01", "mysqldump --opt --add-drop-database --databases \(service) --result-file=/var/lib/upshift/backups/\(service).sql")
            try await lab.ok("ctl-01", "runuser -s /bin/sh \(s.user) -c '\(s.command)'")
        }
        if service == "glance" {
            // §12 #6: Icehouse glance sends notifier_strategy=qpid through oslo.messaging (default rabbit).
            try await lab.ok("ctl-01", "openstack-config --set /etc/glance/glance-api.conf DEFAULT rpc_backend qpid")
        }
        for d in daemons { try await lab.ok("ctl-01", "service \(d) start") }
    }

    @Test func theLiveMethodUpgradesTheWholeCloudWithoutAFailedBoot() async throws {
        let lab = LabFixture(computes: 3, os: "mixed")
        for h in lab.state.hosts { try await lab.repoSwitch(h.name) }
        try await upgradeService(lab, "keystone", daemons: ["openstack-keystone"], glob: "*keystone*")
        try await upgradeService(lab, "cinder", daemons: ["openstack-cinder-api", "openstack-cinder-scheduler", "openstack-cinder-volume"], glob: "*cinder*")
        try await upgradeService(lab, "glance", daemons: ["openstack-glance-api", "openstack-glance-registry"], glob: "*glance*")
        try await upgradeService(lab, "horizon", daemons: ["httpd"], glob: "*openstack-dashboard*")
        #expect(try await lab.boot("after-shared", wait: 10).status == "ACTIVE")
        try await lab.upgradeNovaControllers(pin: true)
        #expect(try await lab.boot("after-nova-controllers", wait: 10).status == "ACTIVE")
        try await lab.upgradeNeutron(notify: true)
        #expect(try await lab.boot("after-neutron", wait: 10).status == "ACTIVE")
        for c in ["cmp-01", "cmp-02", "cmp-03"] {
            try await lab.writeFile(c, "/etc/nova/nova.conf", LabINI.set(LabINI.set(try await lab.ok(c, "cat /etc/nova/nova.conf"),
                section: "DEFAULT", key: "vif_plugging_is_fatal", value: "False"), section: "DEFAULT", key: "vif_plugging_timeout", value: "0"))
            try await lab.upgradeCompute(c)
            #expect(try await lab.boot("during-\(c)", wait: 10).status == "ACTIVE")
        }
        try await lab.ok("ctl-01", "openstack-config --del /etc/nova/nova.conf upgrade_levels compute")
        try await lab.ok("ctl-01", "openstack-service restart nova")
        for c in ["cmp-01", "cmp-02", "cmp-03"] {
            try await lab.ok(c, "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_is_fatal True")
            try await lab.ok(c, "openstack-config --set /etc/nova/nova.conf DEFAULT vif_plugging_timeout 300")
            try await lab.ok(c, "openstack-service restart nova")
        }
        for h in lab.state.hosts { try await lab.ok(h.name, "yum -d1 -y upgrade") }
        for i in 1...3 { #expect(try await lab.boot("final-\(i)", wait: 10).status == "ACTIVE") }
        let s = lab.state
        #expect(s.databases == LabCatalog.icehouseSchema)
        for h in s.hosts { for (name, d) in h.daemons where LabCatalog.daemon(name)?.package.hasPrefix("openstack") == true {
            #expect(d.state == .running && d.code == "icehouse", "\(h.name) \(name): \(d.state) \(d.code ?? "-") \(d.lastError ?? "")")
        } }
        #expect(s.instances.allSatisfy { $0.outcome == "ACTIVE" })
    }

    @Test func theOfflineMethodWithNeutronNotificationsFirstEndsWithWorkingBoots() async throws {
        let lab = LabFixture(computes: 2)
        for h in lab.state.hosts { try await lab.ok(h.name, "openstack-service stop") }
        for h in lab.state.hosts { try await lab.repoSwitch(h.name); try await lab.ok(h.name, "yum -d1 -y upgrade") }
        for (_, s) in Self.sync.sorted(by: { $0.key < $1.key }) { try await lab.ok("ctl-01", "runuser -s /bin/sh \(s.user) -c '\(s.command)'") }
        let lookup = try await lab.run("ctl-01", ". /root/keystonerc_admin && keystone tenant-get services")
        let tenant = LabFixture.field(lookup.stdoutText, "id")
        #expect(tenant == nil, "keystone is stopped, so the lookup has to happen before the window")
        let id = lab.state.servicesTenantID
        for (k, v) in [("nova_url", "http://ctl-01:8774/v2"), ("nova_admin_username", "nova"), ("nova_admin_tenant_id", id),
                       ("nova_admin_password", lab.state.secrets["nova_ks"]!)] {
            try await lab.ok("ctl-01", "openstack-config --set /etc/neutron/neutron.conf DEFAULT \(k) \(v)")
        }
        for h in lab.state.hosts { try await lab.ok(h.name, "openstack-service start") }
        let hung = try await lab.boot("vm-before-fix", wait: 10)
        #expect(hung.status == "BUILD", "§12 #6: glance's qpid notifications go to rabbit, the image download hangs")
        try await lab.ok("ctl-01", "openstack-config --set /etc/glance/glance-api.conf DEFAULT rpc_backend qpid")
        try await lab.ok("ctl-01", "service openstack-glance-api restart")
        #expect(try await lab.boot("vm", wait: 10).status == "ACTIVE")
    }
}
