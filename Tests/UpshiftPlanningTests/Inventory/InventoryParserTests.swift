import Testing
import UpshiftModel
@testable import UpshiftPlanning

@Suite struct InventoryParserTests {
    static let good = """
    format_version: 1
    name: lab
    defaults:
      os: el6
      release: havana
    secrets:
      answer_file: /root/answers.txt
    hosts:
      - name: ctl-01
        address: 192.0.2.10
        roles: [controller]
      - name: net-01
        address: 192.0.2.11
        roles: [network]
      - name: cmp-01
        address: 192.0.2.21
        os: el7
        roles: [compute]
        services: [nova, neutron]
        group: az1
        user: cloud-admin
    """

    @Test func aWellFormedInventoryLoadsWithDefaultsAndResolvedServices() throws {
        let (inv, warnings) = try InventoryLoader.load(text: Self.good, sourceName: "inventory.yaml",
                                                       validator: InventoryTestPack.validator)
        #expect(warnings.isEmpty)
        #expect(inv.name == "lab")
        #expect(inv.hosts.map(\.name) == ["ctl-01", "net-01", "cmp-01"])
        #expect(inv.hosts[0].os == .el6 && inv.hosts[2].os == .el7)
        #expect(inv.hosts[2].services == ["nova", "neutron"] && inv.hosts[2].group == "az1" && inv.hosts[2].user == "cloud-admin")
        #expect(inv.secrets?.answerFile == "/root/answers.txt")
        #expect(inv.settings.networking == .neutron)
        #expect(inv.settings.services == ["keystone", "glance", "cinder", "nova", "neutron", "horizon", "heat", "ceilometer"])
    }

    @Test func malformedYAMLNamesTheFileAndLine() {
        #expect {
            _ = try InventoryParser.parse(text: "hosts:\n  - name: [a\n", sourceName: "bad.yaml")
        } throws: { error in
            let d = (error as! InputError).diagnostics[0]
            return d.id == "input.yaml-syntax" && d.subject.location?.file == "bad.yaml" && d.subject.location?.line != nil
        }
    }

    @Test func aFutureFormatVersionIsRejectedAtItsLine() throws {
        let parsed = try InventoryParser.parse(text: "format_version: 2\nname: x\nhosts: []\n", sourceName: "i.yaml")
        let d = try #require(parsed.diagnostics.first("inventory.unsupported-format-version"))
        #expect(d.subject.location?.line == 1)
        #expect(d.summary.contains("format_version 2"))
    }

    @Test func everyMissingFieldIsReportedNotOnlyTheFirst() throws {
        let text = """
        format_version: 1
        name: x
        hosts:
          - address: 10.0.0.1
            roles: [controller]
            os: el6
            release: havana
          - name: b
            roles: [compute]
            os: el9
            release: havana
          - name: "bad name;"
            address: 10.0.0.3
            os: el6
            release: havana
            roles: [compute]
        """
        let parsed = try InventoryParser.parse(text: text, sourceName: "i.yaml")
        let ids = parsed.diagnostics.ids
        #expect(ids.filter { $0 == "inventory.missing-field" }.count == 2)
        #expect(ids.contains("inventory.unknown-os"))
        #expect(ids.contains("inventory.invalid-host-name"))
        #expect(parsed.diagnostics.first("inventory.unknown-os")?.subject.location?.line == 10)
        #expect(parsed.inventory.hosts.isEmpty)
    }

    @Test func wrongTypesAndUnknownKeysPointAtTheirLines() throws {
        let text = "format_version: 1\nname: x\nhosts:\n  - name: a\n    address: 1.2.3.4\n    os: el6\n    release: havana\n    role: controller\n    roles: controller\n"
        let parsed = try InventoryParser.parse(text: text, sourceName: "i.yaml")
        #expect(parsed.diagnostics.first("inventory.unknown-key")?.subject.location?.line == 8)
        #expect(parsed.diagnostics.first("inventory.wrong-type")?.subject.location?.line == 9)
    }

    @Test func aDocumentThatIsNotAMappingIsRejected() {
        #expect(throws: InputError.self) { _ = try InventoryParser.parse(text: "- a\n- b\n", sourceName: "i.yaml") }
        #expect(throws: InputError.self) { _ = try InventoryParser.parse(text: "", sourceName: "i.yaml") }
    }

    @Test(arguments: [("ctl-01", true), ("cmp_1.az1", true), ("-x", false), ("a b", false), ("a$(reboot)", false), ("", false)])
    func hostNamesAreRestrictedToStepIDSafeCharacters(name: String, valid: Bool) {
        #expect(InventoryParser.isValidHostName(name) == valid)
    }
}

@Suite struct InventoryParserOddInputTests {
    @Test func aScalarWhereAListBelongsIsReportedOnce() throws {
        let text = "format_version: 1\nname: x\nhosts:\n  - {name: a, address: 1.2.3.4, os: el6, release: havana, roles: controller}\n"
        let parsed = try InventoryParser.parse(text: text, sourceName: "i.yaml")
        #expect(parsed.diagnostics.map(\.id) == ["inventory.wrong-type"])
    }

    @Test func hostsThatAreNotAListAndEntriesThatAreNotMappingsAreReported() throws {
        let a = try InventoryParser.parse(text: "format_version: 1\nhosts: {a: 1}\n", sourceName: "i.yaml")
        #expect(a.diagnostics.map(\.id) == ["inventory.wrong-type"])
        let b = try InventoryParser.parse(text: "format_version: 1\nhosts:\n  - ctl-01\n", sourceName: "i.yaml")
        #expect(b.diagnostics.map(\.id) == ["inventory.wrong-type"] && b.diagnostics[0].subject.location?.line == 3)
    }

    @Test func aMissingFormatVersionIsReported() throws {
        let parsed = try InventoryParser.parse(text: "name: x\nhosts: []\n", sourceName: "i.yaml")
        #expect(parsed.diagnostics.map(\.id) == ["inventory.missing-field"])
    }
}
