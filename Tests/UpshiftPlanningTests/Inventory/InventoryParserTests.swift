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
        #expect(inv.settings.values["networking"] == nil && Fixtures.pack.cloudValue("networking", in: inv) == "neutron")
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

    /// The YAML parser ends lines at a lone CR (and NEL, LS, PS) too; diagnostics count `\n` lines,
    /// as editors and `sed -n` do (found by the 10,000-input fuzz run: line 27 of a 25-line file).
    @Test(arguments: [
        ("name: x\rhosts:\r  - name: a\r    roles: [compute\r", 1),
        ("name: x\nhosts:\r  - name: a\n    roles: [compute\n", 4),
        ("name: x\r\nhosts:\r\n  - name: a\r\n    roles: [compute\r\n", 5),
        ("name: x\u{2028}hosts:\n  - name: [a\u{85}\n  b: 1\n", 3),
    ])
    func syntaxErrorLinesCountNewlinesOnly(text: String, line: Int) {
        // Bytes, not Characters: "\r\n" is one Character in Swift and would not split at "\n".
        let lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).count
        #expect {
            _ = try InventoryParser.parse(text: text, sourceName: "cr.yaml")
        } throws: { error in
            let loc = (error as! InputError).diagnostics[0].subject.location
            return loc?.line == line && (1...lines).contains(line) && (loc?.column ?? 0) >= 1
        }
    }

    @Test func lineMappingIsTheIdentityWithoutStrayBreaks() {
        let text = "a: 1\nb: [\nc: 2\n"
        #expect(YAMLDocument.newlineLocation(yamlLine: 2, yamlColumn: 4, in: text) == (2, 4))
        #expect(YAMLDocument.newlineLocation(yamlLine: 4, yamlColumn: 1, in: text) == (4, 1))
        #expect(YAMLDocument.newlineLocation(yamlLine: 3, yamlColumn: 2, in: "a\rb\rc") == (1, 6))
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
