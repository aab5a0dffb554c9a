import Foundation
import UpshiftModel
import UpshiftPlanning

/// A small pack with the built-in pack's role names and conflicts, for validating inventories
/// before the built-in pack lands. It leaves swift out on purpose.
enum InventoryTestPack {
    static let yaml = """
    format_version: 1
    name: test-pack
    from: havana
    to: icehouse
    roles:
      - {name: controller, required: true}
      - {name: network, conflicts: [nova-network]}
      - {name: nova-network}
      - {name: compute}
      - {name: storage}
    services:
      - name: keystone
        daemons: [{role: controller, daemons: [openstack-keystone]}]
      - name: glance
        daemons: [{role: controller, daemons: [openstack-glance-api, openstack-glance-registry]}]
      - name: cinder
        daemons:
          - {role: controller, daemons: [openstack-cinder-api, openstack-cinder-scheduler]}
          - {role: storage, daemons: [openstack-cinder-volume]}
      - name: nova
        daemons:
          - {role: controller, daemons: [openstack-nova-api, openstack-nova-scheduler, openstack-nova-conductor]}
          - {role: compute, daemons: [openstack-nova-compute]}
          - {role: nova-network, daemons: [openstack-nova-network]}
      - name: neutron
        daemons:
          - {role: controller, daemons: [neutron-server]}
          - {role: network, daemons: [neutron-l3-agent, neutron-dhcp-agent, neutron-metadata-agent, neutron-openvswitch-agent]}
          - {role: compute, daemons: [neutron-openvswitch-agent]}
      - name: horizon
        daemons: [{role: controller, daemons: [httpd]}]
      - name: heat
        daemons: [{role: controller, daemons: [openstack-heat-api, openstack-heat-engine]}]
      - name: ceilometer
        daemons:
          - {role: controller, daemons: [openstack-ceilometer-api, openstack-ceilometer-central]}
          - {role: compute, daemons: [openstack-ceilometer-compute]}
    """
    static let pack: Pack = try! YAMLDocument(text: yaml, sourceName: "test-pack.yaml").decode(Pack.self)
    static var validator: InventoryValidator { InventoryValidator(pack: pack) }
}

/// Real files under shared/data, read where they lie.
enum SharedData {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Every Packstack answer file in shared/data (generated and operators').
    static var answerFiles: [String] {
        let fm = FileManager.default
        let generated = ((try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("packstack/generated").path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.map { "packstack/generated/" + $0 }
        let operators = ["operator/havana-rdo-packstack-el6/packstack-answers-file.txt",
                         "operator/havana-rdo-packstack-el6/havana_openstack.cfg",
                         "operator/icehouse-rdo-packstack-3node/packstack-answers-LCCV.txt"]
        return (generated + operators).sorted()
    }
}

extension Array where Element == Diagnostic {
    /// The ids, for compact expectations.
    var ids: [String] { map(\.id) }
    func first(_ id: String) -> Diagnostic? { first { $0.id == id } }
}
