import Testing
import UpshiftModel
@testable import UpshiftPlanning

@Suite struct InventoryValidatorTests {
    func problems(_ hosts: String, settings: String = "") throws -> [Diagnostic] {
        let text = "format_version: 1\nname: t\ndefaults: {os: el6, release: havana}\n\(settings)hosts:\n\(hosts)"
        let parsed = try InventoryParser.parse(text: text, sourceName: "inv.yaml")
        return parsed.diagnostics + InventoryTestPack.validator.validate(parsed)
    }

    @Test func anUnknownRoleIsReportedAtItsListEntry() throws {
        let d = try problems("  - {name: a, address: 10.0.0.1, roles: [controller]}\n  - name: b\n    address: 10.0.0.2\n    roles:\n      - compute\n      - hypervisor\n")
        let unknown = try #require(d.first("inventory.unknown-role"))
        #expect(unknown.subject.location?.description.hasPrefix("inv.yaml:10:") == true)
        #expect(unknown.summary == "host 'b' has unknown role 'hypervisor'")
        #expect(unknown.fix?.contains("controller, network, nova-network, compute, storage") == true)
    }

    @Test func duplicateHostNamesAndAddressesAreBothReported() throws {
        let d = try problems("""
          - {name: a, address: 10.0.0.1, roles: [controller]}
          - {name: a, address: 10.0.0.2, roles: [compute]}
          - {name: c, address: 10.0.0.1, roles: [compute]}

        """)
        let dup = try #require(d.first("inventory.duplicate-host"))
        #expect(dup.subject.location?.line == 6)
        #expect(dup.summary.contains("first at inv.yaml:5"))
        #expect(d.first("inventory.duplicate-address")?.subject.hosts == ["a", "c"])
    }

    @Test func aHostInTwoConflictingRolesIsRejected() throws {
        let d = try problems("  - {name: a, address: 10.0.0.1, roles: [controller, network, nova-network]}\n")
        #expect(d.ids == ["inventory.conflicting-roles"])
        #expect(d[0].summary.contains("'network' and 'nova-network'"))
    }

    @Test func servicesMustBeKnownAndHaveDaemonsOnTheHostsRoles() throws {
        let d = try problems("  - {name: a, address: 10.0.0.1, roles: [controller]}\n  - {name: b, address: 10.0.0.2, roles: [compute], services: [nova, glance, trove]}\n",
                             settings: "settings: {services: [nova, glance, keystone, sahara]}\n")
        #expect(d.first("inventory.service-without-daemons")?.summary.contains("'glance'") == true)
        let unknown = d.filter { $0.id == "inventory.unknown-service" }.map(\.summary)
        #expect(unknown.contains("host 'b' lists unknown service 'trove'"))
        #expect(unknown.contains("settings.services lists unknown service 'sahara'"))
        #expect(d.first("inventory.service-without-daemons")?.subject.location?.line == 7)
    }

    @Test func aServiceNotEnabledInSettingsIsAnError() throws {
        let d = try problems("  - {name: a, address: 10.0.0.1, roles: [controller], services: [keystone, heat]}\n",
                             settings: "settings: {services: [keystone, nova]}\n")
        #expect(d.ids == ["inventory.service-not-enabled"])
    }

    @Test func noHostsAndNoControllerAreReported() throws {
        #expect(try problems("  []\n").ids == ["inventory.no-hosts"])
        #expect(try problems("  - {name: b, address: 10.0.0.2, roles: [compute]}\n").ids == ["inventory.missing-role"])
    }

    @Test func aHostOnAnotherReleaseIsAWarningNotAnError() throws {
        let d = try problems("  - {name: a, address: 10.0.0.1, roles: [controller], release: grizzly}\n")
        #expect(d.ids == ["inventory.release-mismatch"] && d[0].severity == .warning)
    }

    @Test func theLoaderThrowsEveryProblemAtOnce() {
        let text = "format_version: 1\nname: t\nhosts:\n  - {name: a, address: 10.0.0.1, os: el6, release: havana, roles: [compute, bogus]}\n  - {name: a, address: 10.0.0.2, os: el6, release: havana, roles: [compute]}\n"
        #expect {
            _ = try InventoryLoader.load(text: text, sourceName: "inv.yaml", validator: InventoryTestPack.validator)
        } throws: { error in
            let ids = Set((error as! InputError).diagnostics.ids)
            return ids == ["inventory.unknown-role", "inventory.duplicate-host", "inventory.missing-role"]
        }
    }
}
