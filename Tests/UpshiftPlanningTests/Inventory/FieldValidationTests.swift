import Foundation
import Testing
import UpshiftModel
import UpshiftImport
@testable import UpshiftPlanning

/// Fields that reach ssh or a package manager hold no shell syntax and never start with '-'.
@Suite struct FieldValidationTests {
    static func inventory(address: String, user: String = "root") -> String {
        "format_version: 1\nname: x\nhosts:\n  - name: ctl-01\n    address: '\(address)'\n    user: '\(user)'\n    os: el6\n    release: havana\n    roles: [controller]\n"
    }

    static func ids(_ text: String) -> [String] {
        do {
            return try InventoryParser.parse(text: text, sourceName: "inv.yaml").diagnostics.filter { $0.severity == .error }
                .map { "\($0.id)@\($0.subject.location?.line ?? 0)" }
        } catch { return error.diagnostics.map { "\($0.id)@\($0.subject.location?.line ?? 0)" } }
    }

    @Test(arguments: ["$(reboot)", "`id`", "a;b", "--help", "-oProxyCommand=sh", "a b"])
    func anAddressWithShellSyntaxOrALeadingDashIsRefused(address: String) {
        #expect(Self.ids(Self.inventory(address: address)) == ["inventory.invalid-address@5"])
    }

    @Test(arguments: ["$(id)", "`id`", "r;oot", "-l"])
    func aUserWithShellSyntaxOrALeadingDashIsRefused(user: String) {
        #expect(Self.ids(Self.inventory(address: "192.0.2.10", user: user)) == ["inventory.invalid-user@6"])
    }

    @Test(arguments: ["192.0.2.10", "fe80::1%eth0", "[2001:db8::1]", "ctl-01.example.com", "lab_ctl"])
    func realAddressesPass(address: String) {
        #expect(Self.ids(Self.inventory(address: address)).isEmpty)
    }

    @Test func thePackstackImportMakesNoHostOfAnOption() throws {
        let text = "CONFIG_CONTROLLER_HOST=192.0.2.10\nCONFIG_COMPUTE_HOSTS=--help,192.0.2.21\nCONFIG_NETWORK_HOSTS=192.0.2.10\n"
        let r = try? PackstackImporter.importInventory(text: text, sourceName: "answers.txt")
        #expect(r?.inventory.hosts.contains { $0.name.rawValue.hasPrefix("-") || $0.address.hasPrefix("-") } != true)
        #expect(r?.diagnostics.contains { $0.id == "packstack.invalid-address" } ?? true)
    }

    @Test func aPackageStartingWithADashIsRefusedInAPackAndAPlan() throws {
        let pack = Fixtures.packText.replacingOccurrences(of: "packages: [\"*keystone*\"]", with: "packages: [\"--setopt=tsflags=noscripts\"]")
        #expect(pack != Fixtures.packText)
        #expect { _ = try PackLoader.load(text: pack, sourceName: "p.yaml") } throws: { e in
            (e as? InputError)?.diagnostics.contains { $0.id == "pack.package-name" && ($0.subject.location?.line ?? 0) > 1 } == true
        }
        var plan = Planner.plan(Fixtures.request(Fixtures.inventory("examples/rdo-22.yaml"), .offline))
        let i = try #require(plan.steps.firstIndex { !($0.params.packages ?? []).isEmpty })
        plan.steps[i].params.packages = ["--setopt=tsflags=noscripts"]
        #expect { _ = try PlanCodec.decode(PlanCodec.encode(plan), sourceName: "plan.json") } throws: { e in
            (e as? InputError)?.diagnostics.first?.id == "plan.package-name"
        }
    }
}
