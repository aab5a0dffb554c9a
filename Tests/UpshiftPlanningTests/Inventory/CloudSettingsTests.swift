import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// The inventory's `settings:` keys besides virt_type and services are the pack's `cloud_settings`
/// (havana-icehouse: networking): checked against the pack, defaulted from it, read by conditions.
@Suite struct CloudSettingsTests {
    static let inventory = """
    format_version: 1
    name: t
    settings: {networking: NET, virt_type: kvm, services: [keystone, nova]}
    hosts:
      - {name: ctl, address: 192.0.2.10, os: el6, release: havana, roles: [controller]}
      - {name: cmp, address: 192.0.2.21, os: el6, release: havana, roles: [compute]}
    """
    static func load(_ text: String) throws(InputError) -> (Inventory, [Diagnostic]) {
        let r = try InventoryLoader.load(text: text, sourceName: "i.yaml", validator: InventoryValidator(pack: Fixtures.pack))
        return (r.inventory, r.warnings)
    }

    @Test func theBuiltInPackDeclaresNetworking() throws {
        let c = try #require(Fixtures.pack.cloudSetting("networking"))
        #expect(c.values == ["neutron", "nova-network"] && c.default == "neutron")
    }

    @Test func aValueThePackDoesNotKnowIsRefusedAtItsLine() {
        #expect { _ = try Self.load(Self.inventory.replacingOccurrences(of: "NET", with: "ovn")) } throws: { e in
            let d = (e as? InputError)?.diagnostics.first { $0.id == "inventory.invalid-value" }
            return d?.summary == "settings.networking 'ovn' is not one the pack knows (neutron, nova-network)" && d?.subject.location?.line == 3
        }
    }

    @Test func aKeyThePackDoesNotDeclareIsIgnoredWithAWarning() throws {
        let (inv, warnings) = try Self.load(Self.inventory.replacingOccurrences(of: "networking: NET", with: "networking: nova-network, colour: red"))
        #expect(inv.settings.values["networking"] == "nova-network")
        #expect(warnings.map(\.summary) == ["settings has an unknown key 'colour' (ignored)"])
    }

    /// nova-network turns off the pack's Neutron-only rules and phases: `{setting: cloud.networking=neutron}`.
    @Test func theValueReachesTheConditions() throws {
        let (neutron, _) = try Self.load(Self.inventory.replacingOccurrences(of: "NET", with: "neutron"))
        let (novaNet, _) = try Self.load(Self.inventory.replacingOccurrences(of: "NET", with: "nova-network"))
        let state = { (i: Inventory) in CloudState(inventory: i, pack: Fixtures.pack, facts: nil, settings: [:]).settings["cloud.networking"] }
        #expect(state(neutron) == "neutron" && state(novaNet) == "nova-network")
        var unset = neutron; unset.settings.values = [:]
        #expect(state(unset) == "neutron")
    }

    @Test func aConditionOnAnUndeclaredCloudSettingIsRefused() {
        let text = Fixtures.packText.replacingOccurrences(of: "neutron-in-use: {all: [{setting: cloud.networking=neutron}", with: "neutron-in-use: {all: [{setting: cloud.network=neutron}")
        #expect(text != Fixtures.packText)
        #expect { _ = try PackLoader.load(text: text, sourceName: "p.yaml") } throws: { e in
            (e as? InputError)?.diagnostics.contains { $0.summary.contains("unknown setting 'cloud.network=neutron'") } == true
        }
    }
}
