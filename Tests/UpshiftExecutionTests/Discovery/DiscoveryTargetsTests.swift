import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// What discovery asks, derived from the built-in havana-icehouse pack.
@Suite struct DiscoveryTargetsTests {
    static let pack: Pack = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try! PackLoader.load(text: text, sourceName: path)
    }()
    static let inventory = Inventory(name: "t", settings: CloudSettings(services: []), hosts: [
        Host(name: "ctl", address: "a", os: .el6, release: "havana", roles: ["controller"]),
        Host(name: "net", address: "b", os: .el6, release: "havana", roles: ["network"]),
        Host(name: "cmp", address: "c", os: .el7, release: "havana", roles: ["compute"], services: ["nova", "neutron"]),
    ])

    @Test func theEventOptionsOfTheComputesAndTheRPCPinAreWatched() throws {
        let t = DiscoveryTargets(pack: Self.pack, inventory: Self.inventory)
        let nova = try #require(t.watchedOptions["/etc/nova/nova.conf"])
        #expect(nova.contains("DEFAULT/vif_plugging_is_fatal") && nova.contains("upgrade_levels/compute"))
        #expect(t.files(of: Self.inventory.hosts[2]).contains("/etc/nova/nova.conf"))
        #expect(!t.files(of: Self.inventory.hosts[2]).contains("/etc/keystone/keystone.conf"))
    }

    @Test func daemonsFollowRolesAndListedServices() {
        let t = DiscoveryTargets(pack: Self.pack, inventory: Self.inventory)
        let cmp = t.daemons(of: Self.inventory.hosts[2])
        #expect(cmp.contains("openstack-nova-compute") && cmp.contains("neutron-openvswitch-agent"))
        #expect(!cmp.contains("openstack-ceilometer-compute"))
        #expect(t.daemons(of: Self.inventory.hosts[0]).contains("openstack-nova-api"))
        #expect(!t.daemons(of: Self.inventory.hosts[1]).contains("openstack-nova-api"))
    }

    @Test func everyDatabaseWithAVersionCommandIsAskedOnAController() {
        let t = DiscoveryTargets(pack: Self.pack, inventory: Self.inventory)
        let dbs = t.databases(in: Self.inventory)
        #expect(Set(dbs.map(\.0.name.rawValue)).isSuperset(of: ["nova", "neutron", "keystone", "glance", "cinder"]))
        #expect(dbs.allSatisfy { $0.1.name == "ctl" })
    }
}
