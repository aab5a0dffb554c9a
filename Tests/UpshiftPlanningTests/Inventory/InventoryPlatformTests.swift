import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// `platform:` on hosts and in defaults, `os:` as its alias, `platforms:` files, unknown platforms.
@Suite struct InventoryPlatformTests {
    static func text(_ hostLines: String, top: String = "", defaults: String = "  release: havana\n") -> String {
        "format_version: 1\nname: x\n\(top)defaults:\n\(defaults)hosts:\n  - name: ctl\n    address: 10.0.0.1\n    roles: [controller]\n\(hostLines)"
    }

    @Test func osIsAnAliasOfTheBuiltinPlatformAndEncodesAsBefore() throws {
        let parsed = try InventoryParser.parse(text: Self.text("    os: el7\n"), sourceName: "i.yaml")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.inventory.hosts[0].platform == "el7" && parsed.inventory.hosts[0].os == .el7)
    }

    @Test func aHostNamesAPlatformAndTheHostsKeyWinsOverDefaults() throws {
        let parsed = try InventoryParser.parse(text: Self.text("    platform: venv-supervisord\n", top: "platforms: [p/rn.yaml]\n",
                                                               defaults: "  release: havana\n  os: el6\n"), sourceName: "i.yaml")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.inventory.hosts[0].platform == "venv-supervisord" && parsed.inventory.hosts[0].os == nil)
        #expect(parsed.inventory.platformFiles == ["p/rn.yaml"])
    }

    @Test func platformAndOsTogetherAreRefusedAtTheirLine() throws {
        let parsed = try InventoryParser.parse(text: Self.text("    platform: debian\n    os: el6\n"), sourceName: "i.yaml")
        #expect(parsed.diagnostics.ids == ["inventory.platform-and-os"])
        #expect(parsed.diagnostics.first("inventory.platform-and-os")?.subject.location?.line == 10)
    }

    @Test func anUnknownPlatformIsRefusedByTheValidatorAtItsLine() throws {
        let parsed = try InventoryParser.parse(text: Self.text("    platform: debain\n"), sourceName: "i.yaml")
        let problems = InventoryValidator(pack: Fixtures.pack, platforms: ["debian", "el6"]).validate(parsed)
        let d = try #require(problems.first("inventory.unknown-platform"))
        #expect(d.subject.location?.line == 9 && d.summary.contains("known: debian, el6"))
        #expect(InventoryValidator(pack: Fixtures.pack).validate(parsed).first("inventory.unknown-platform") == nil)
    }
}
