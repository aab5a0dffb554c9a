import Testing
import UpshiftModel
@testable import UpshiftImport
@testable import UpshiftPlanning

/// Issue 16 item 5: what a Havana answer file places where (packstack@havana-eol cinder.pp,
/// mysql_001.py), and what it cannot place is said.
@Suite struct PackstackFidelityTests {
    static let answers = """
    [general]
    CONFIG_KEYSTONE_HOST=192.0.2.10
    CONFIG_GLANCE_HOST=192.0.2.10
    CONFIG_NOVA_API_HOST=192.0.2.10
    CONFIG_NOVA_SCHED_HOST=192.0.2.10
    CONFIG_NOVA_CONDUCTOR_HOST=192.0.2.10
    CONFIG_NOVA_COMPUTE_HOSTS=192.0.2.101
    CONFIG_NEUTRON_INSTALL=n
    CONFIG_CINDER_INSTALL=y
    CONFIG_CINDER_HOST=192.0.2.30
    CONFIG_MYSQL_HOST=192.0.2.40
    CONFIG_QPID_HOST=192.0.2.50
    CONFIG_CEILOMETER_INSTALL=n
    CONFIG_SWIFT_INSTALL=n
    CONFIG_HEAT_INSTALL=n
    """

    @Test func theCinderHostRunsApiSchedulerAndVolumeAndTheDatabaseHostIsKept() throws {
        let r = try PackstackImporter.importInventory(text: Self.answers, sourceName: "answers.txt")
        let cinder = try #require(r.inventory.hosts.first { $0.address == "192.0.2.30" })
        #expect(cinder.roles == ["controller", "storage"], "the previous import gave it storage only: no cinder-api or -scheduler")
        #expect(cinder.services == ["cinder"])
        let db = try #require(r.inventory.hosts.first { $0.address == "192.0.2.40" }, "the previous import dropped the MySQL host")
        #expect(db.roles == ["database"] && db.services == [])
        #expect(!r.inventory.hosts.contains { $0.address == "192.0.2.50" })
        #expect(r.diagnostics.contains { $0.id == "packstack.unplaced" && $0.summary.contains("192.0.2.50") })
        let pack = Fixtures.pack
        let placement = ServicePlacement(inventory: r.inventory, pack: pack)
        #expect(Set(placement.daemons(on: cinder.name, service: "cinder")) ==
                ["openstack-cinder-api", "openstack-cinder-scheduler", "openstack-cinder-volume"])
    }
}
