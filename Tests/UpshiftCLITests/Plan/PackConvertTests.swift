import ArgumentParser
import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftCLI

/// Format-1 packs are refused with the way to convert; `pack convert` writes a format-2 pack that
/// plans exactly as format 1 did (the built-in pack as it was before format 2 is the witness).
@Suite struct PackConvertTests {
    static let format1Path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/havana-icehouse-format1.yaml").path
    static let format1 = (try? String(contentsOfFile: format1Path, encoding: .utf8)) ?? ""

    @Test func aFormat1PackIsRefusedWithTheWayToConvertIt() async throws {
        #expect(throws: InputError.self) { try PackLoader.load(text: Self.format1, sourceName: "old.yaml") }
        do { _ = try PackLoader.load(text: Self.format1, sourceName: "old.yaml") } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.id == "pack.format-1")
            #expect(d.subject.location?.line == 5)
            #expect(d.fix?.contains("upshift pack convert old.yaml") == true)
        }
        let (code, ds) = await PlanCheckCommandTests().run(["plan", "--pack", Self.format1Path, "--inventory", PlanCheckCommandTests.example("rdo-22.yaml")])
        #expect(code == 65)
        #expect(ds.map(\.id) == ["pack.format-1"])
    }

    @Test func theConvertedPackPlansAsTheBuiltInOne() throws {
        let builtin = try PackLibrary.load("havana-icehouse")
        let text = try PackConverter.convert(text: Self.format1, sourceName: "old.yaml", skeleton: builtin)
        let converted = try PackLoader.load(text: text, sourceName: "converted.yaml")
        #expect(converted.formatVersion == 2)
        #expect(text.contains("# Mixed-version rules"), "comments of the data sections are kept")
        #expect(!text.contains("\nevents:") && !text.contains("\nrpc_pin:"))
        for example in ["rdo-22.yaml", "packstack-3node.yaml"] {
            let inv = try InventoryLoader.load(text: String(contentsOfFile: PlanCheckCommandTests.example(example), encoding: .utf8),
                                               sourceName: example, validator: InventoryValidator(pack: builtin)).inventory
            for m in PlanMethod.allCases {
                for ev in builtin.planOption("events")!.values {
                    func plan(_ p: Pack) -> (String, [String]) {
                        let r = PlanRequest(inventory: inv, pack: p, method: m, options: PlanOptions(packOptions: ["events": ev]),
                                            inventoryRef: .init(name: "i", sha256: "0"), packRef: .init(name: "p", sha256: "0"))
                        let plan = Planner.plan(r)
                        return (PlanCodec.encode(plan), SafetyCheck.check(plan: plan, inventory: inv, pack: p, facts: nil).map(\.oneLine))
                    }
                    let a = plan(builtin), b = plan(converted)
                    #expect(a.0 == b.0, "\(example) \(m) \(ev): plans differ")
                    #expect(a.1 == b.1, "\(example) \(m) \(ev): diagnostics differ")
                }
            }
        }
    }

    @Test func convertingAFormat2PackIsRefused() throws {
        let builtin = try PackLibrary.load("havana-icehouse")
        let text = try #require(PackLibrary.builtinText("havana-icehouse"))
        #expect(throws: InputError.self) { try PackConverter.convert(text: text, sourceName: "new.yaml", skeleton: builtin) }
    }

    @Test func theCommandPrintsThePackAndExitsZero() async {
        #expect(await PlanCheckCommandTests().run(["pack", "convert", Self.format1Path]).code == 0)
        #expect(await PlanCheckCommandTests().run(["pack", "convert", "/nonexistent/pack.yaml"]).code != 0)
    }
}
