import ArgumentParser
import Foundation
import Testing
import UpshiftModel
import UpshiftImport
import UpshiftPlanning
@testable import UpshiftCLI
import UpshiftTestSupport

@Suite struct InventoryCommandTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("../shared/data").standardized.path

    func temp(_ name: String, _ text: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-inv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    func failure(_ args: [String]) async -> CLIFailure? {
        do {
            var command = try InventoryCommand.parseAsRoot(args) as! AsyncParsableCommand
            try await command.run()
            return nil
        } catch let f as CLIFailure { return f } catch { return CLIFailure("\(error)") }
    }

    @Test func importingTheOperatorsAnswerFileWritesAValidInventoryWithoutPasswords() async throws {
        let answers = Self.data + "/operator/havana-rdo-packstack-el6/packstack-answers-file.txt"
        let out = try temp("inventory.yaml")
        #expect(await failure(["import", "--packstack", answers, "-o", out, "--name", "prod"]) == nil)
        let inv = try InventoryInput.load(out, pack: try PackLibrary.load("havana-icehouse"))
        #expect(inv.name == "prod" && inv.hosts.count == 2)
        #expect(inv.secrets?.answerFile == answers)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let secret = try #require(PackstackSecret.value("CONFIG_NOVA_KS_PW", in: answers))
        #expect(!written.contains(secret))
        #expect(await failure(["validate", out]) == nil)
    }

    @Test(arguments: ["packstack/generated/havana-ga-6418613c.answers.txt", "packstack/generated/havana-eol-3a2d755c.answers.txt",
                      "packstack/generated/icehouse-pre-refactor-d64b9254.answers.txt", "packstack/generated/icehouse-eol-502ced19.answers.txt",
                      "operator/havana-rdo-packstack-el6/havana_openstack.cfg", "operator/icehouse-rdo-packstack-3node/packstack-answers-LCCV.txt"])
    func everyRealAnswerFileImportsAndValidatesAgainstTheBuiltInPack(file: String) async throws {
        let out = try temp("inventory.yaml")
        #expect(await failure(["import", "--packstack", Self.data + "/" + file, "-o", out]) == nil)
        #expect(await failure(["validate", out]) == nil)
    }

    @Test func anAnswerFileWithNoHostsExitsWith65() async throws {
        let answers = try temp("empty.txt", "[general]\nCONFIG_NOVA_KS_PW=hunter2hunter2\n")
        let f = try #require(await failure(["import", "--packstack", answers]))
        #expect(f.code == 65 && f.diagnostics.map(\.id) == ["packstack.no-hosts"])
        #expect(!"\(f.diagnostics)".contains("hunter2"))
    }

    @Test func validatingABadInventoryReportsEveryProblemWithItsLine() async throws {
        let file = try temp("inv.yaml", """
        format_version: 1
        name: t
        defaults: {os: el6, release: havana}
        hosts:
          - {name: a, address: 10.0.0.1, roles: [controller, network, nova-network]}
          - {name: a, address: 10.0.0.2, roles: [hypervisor]}

        """)
        let f = try #require(await failure(["validate", file]))
        #expect(f.code == 65)
        #expect(Set(f.diagnostics.map(\.id)) == ["inventory.conflicting-roles", "inventory.duplicate-host", "inventory.unknown-role"])
        #expect(f.diagnostics.first { $0.id == "inventory.unknown-role" }?.oneLine.hasPrefix("\(file):6:") == true)
    }

    @Test func aMissingFileAndAWrongOSAreReportedWithTheirCodes() async throws {
        #expect(await failure(["validate", "/nonexistent/inventory.yaml"])?.code == 65)
        #expect(await failure(["import", "--packstack", "/nonexistent/a.txt", "--os", "el5"])?.code == 64)
    }
}

/// Reads one secret from an answer file the way apply will.
enum PackstackSecret {
    static func value(_ key: String, in path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { PackstackAnswers.secret(named: key, in: $0) }
    }
}

@Suite struct InventoryDiscoverProbeHelpTests {
    @Test func helpIsStable() {
        Golden.check(InventoryCommand.Import.helpMessage(columns: 100), "inventory-import-help.txt")
        Golden.check(InventoryCommand.Validate.helpMessage(columns: 100), "inventory-validate-help.txt")
        Golden.check(DiscoverCommand.helpMessage(columns: 100), "discover-help.txt")
        Golden.check(ProbeCommand.helpMessage(columns: 100), "probe-help.txt")
    }
}

@Suite struct InventoryDocsExampleTests {
    /// The full example of docs/inventory.md stays valid against the built-in pack.
    @Test func theDocumentedExampleValidates() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/inventory.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let yaml = String(text[start.upperBound..<end.lowerBound])
        let (inv, warnings) = try InventoryLoader.load(text: yaml, sourceName: "docs/inventory.md",
                                                       validator: InventoryValidator(pack: try PackLibrary.load("havana-icehouse")))
        #expect(warnings.isEmpty)
        #expect(inv.hosts.map(\.name) == ["ctl-01", "net-01", "cmp-01", "cmp-02"])
        #expect(inv.hosts[3].os == .el7 && inv.hosts[0].user == "root")
    }
}
