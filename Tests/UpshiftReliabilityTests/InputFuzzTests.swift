import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel
import UpshiftImport
import UpshiftPlanning

/// Mutation fuzzing of every input format Upshift parses: each mutated input is accepted or
/// rejected with diagnostics naming the file (and a line inside it), never a crash or a hang.
@Suite("Fuzzing: mutated inputs are accepted or rejected with a located diagnostic")
struct InputFuzzTests {
    static let packText: String = (try? Reliability.repoText("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")) ?? ""
    static let pack: Pack? = try? PackLoader.load(text: packText, sourceName: "havana-icehouse.yaml")

    /// Runs `count` mutations of the seeds (round robin) through `body`.
    static func fuzz(_ seeds: [String], salt: UInt64, file: String, _ body: (String) throws -> Void) -> FuzzFindings {
        var m = Mutator(seed: Reliability.seed ^ salt)
        var found = FuzzFindings()
        for i in 0..<Reliability.fuzzCount {
            let input = m.mutate(seeds[i % seeds.count])
            found.run(i, file: file, text: input) { try body(input) }
        }
        return found
    }

    @Test("pack YAML", .timeLimit(.minutes(10)))
    func packYAML() throws {
        #expect(Self.pack != nil, "the built-in pack loads")
        Self.fuzz([Self.packText], salt: 1, file: "pack.yaml") { _ = try PackLoader.load(text: $0, sourceName: "pack.yaml") }
            .expectClean("pack YAML")
    }

    @Test("inventory YAML", .timeLimit(.minutes(10)))
    func inventoryYAML() throws {
        let pack = try #require(Self.pack)
        let seeds = try ["examples/rdo-22.yaml", "examples/packstack-3node.yaml"].map(Reliability.repoText)
        let validator = InventoryValidator(pack: pack)
        Self.fuzz(seeds, salt: 2, file: "inventory.yaml") { _ = try InventoryLoader.load(text: $0, sourceName: "inventory.yaml", validator: validator) }
            .expectClean("inventory YAML")
    }

    @Test("Packstack answer files", .timeLimit(.minutes(10)))
    func packstackAnswers() throws {
        let seeds = try ["packstack/generated/havana-eol-3a2d755c.answers.txt", "operator/havana-rdo-packstack-el6/packstack-answers-file.txt",
                         "operator/icehouse-rdo-packstack-3node/packstack-answers-LCCV.txt"].map(Reliability.sharedText)
        let pack = try #require(Self.pack)
        let validator = InventoryValidator(pack: pack)
        Self.fuzz(seeds, salt: 3, file: "answers.txt") { text in
            let answers = PackstackAnswers(text: text, sourceName: "answers.txt")
            for d in answers.diagnostics where d.subject.location?.file != "answers.txt" { throw InputError(d) }
            let imported = try PackstackImporter.importInventory(text: text, sourceName: "answers.txt")
            _ = try InventoryLoader.check(ParsedInventory(inventory: imported.inventory, sourceName: "answers.txt"), validator: validator)
        }.expectClean("Packstack answer files")
    }

    @Test("oslo INI: accepted files render back byte for byte", .timeLimit(.minutes(10)))
    func osloINI() throws {
        let seeds = try ["operator/havana-rdo-packstack-el6/nova.conf", "operator/havana-rdo-packstack-el6/ovs_neutron_plugin.ini",
                         "operator/icehouse-rdo-el6-chef/ml2_conf.ini.rpmnew"].map(Reliability.sharedText)
        var lossy: [String] = []
        var found = Self.fuzz(seeds, salt: 4, file: "nova.conf") { text in
            let doc = try ConfigDocument.parse(bytes: Array(text.utf8), sourceName: "nova.conf")
            if doc.render() != text, lossy.count < 5 { lossy.append(String(text.prefix(80))) }
        }
        found.problems += lossy.map { "not lossless: \($0.debugDescription)" }
        found.expectClean("oslo INI")
    }
}
