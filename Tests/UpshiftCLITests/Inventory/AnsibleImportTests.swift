import ArgumentParser
import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftCLI
import UpshiftTestSupport

/// `upshift inventory import --ansible`: groups to roles, the produced inventory and the
/// diagnostics (file:line, exit 65) against goldens.
@Suite struct AnsibleImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func options(_ map: [(group: String, role: RoleName)]) throws -> AnsibleInventoryImporter.Options {
        let pack = try PackLibrary.load("havana-icehouse")
        return .init(platform: "el6", release: "havana", pack: pack, map: map)
    }

    @Test func groupsBecomeRolesAndTheInventoryMatchesItsGolden() async throws {
        let text = try String(contentsOfFile: Self.fixtures + "/ansible-inventory.yml", encoding: .utf8)
        let result = try AnsibleInventoryImporter.importInventory(text: text, sourceName: "hosts.yml", options: try Self.options([("control", "controller")]))
        #expect(result.mapping.map { "\($0.group)=\($0.role)" } == ["control=controller", "network=network", "storage=storage", "computes=compute"])
        #expect(result.inventory.hosts.map(\.roles) == [["controller", "storage"], ["network"], ["compute"], ["compute"]])
        #expect(result.inventory.hosts.map(\.user) == ["root", "root", "stack", "admin"], "host vars over inner group vars over outer ones")
        let yaml = try AnsibleImport(file: "hosts.yml", map: [], os: "el6", name: nil, release: "havana", pack: "havana-icehouse", outputFile: nil).render(result)
        Golden.check(yaml, "ansible-import-inventory.yaml")
        Golden.check(Console.render(result.diagnostics, color: false), "ansible-import-notes.txt")
    }

    @Test func theCommandWritesAnInventoryThatValidates() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ansible-import-\(UUID().uuidString).yaml").path
        let r = await InProcessCLI.run(["inventory", "import", "--ansible", Self.fixtures + "/ansible-inventory.yml", "--map", "control=controller", "-o", out])
        #expect(r.code == 0, "\(r.diagnostics.map(\.oneLine))")
        #expect(await InProcessCLI.run(["inventory", "validate", out]).code == 0)
    }

    @Test func withoutTheMapTheControlGroupGivesNoRoleAndTheImportFailsWith65() async throws {
        let r = await InProcessCLI.run(["inventory", "import", "--ansible", Self.fixtures + "/ansible-inventory.yml"])
        #expect(r.code == 65)
        #expect(r.diagnostics.map(\.id) == ["inventory.missing-role"], "ctl-01 is only storage then: the cloud has no controller")
    }

    @Test func badInputNamesFileAndLineForEveryProblem() async throws {
        let file = Self.fixtures + "/ansible-inventory-bad.yml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let options = try Self.options([])
        let error = #expect(throws: InputError.self) { try AnsibleInventoryImporter.importInventory(text: text, sourceName: "bad.yml", options: options) }
        Golden.check(Console.render(error?.diagnostics ?? [], color: false), "ansible-import-diagnostics.txt")
        #expect(await InProcessCLI.run(["inventory", "import", "--ansible", file]).code == 65)
    }

    @Test func aMapToAnUnknownRoleOrWithPackstackIsAUsageError() async {
        #expect(await InProcessCLI.run(["inventory", "import", "--ansible", Self.fixtures + "/ansible-inventory.yml", "--map", "control=boss"]).code == 64)
        #expect(await InProcessCLI.run(["inventory", "import", "--packstack", "a.txt", "--ansible", "b.yml"]).code == 64)
        #expect(await InProcessCLI.run(["inventory", "import"]).code == 64)
    }
}
