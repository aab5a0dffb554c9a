import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftCLI

/// Plan JSON, fuzzed through the path `upshift apply` takes: read the file (a rejection names it),
/// then the safety check, then, for a plan the check accepts, the scheduler. Half of the inputs
/// are text mutations, half structural ones (a JSON value replaced, removed or duplicated), so
/// many decode and reach the check with odd content.
@Suite("Fuzzing: plan JSON")
struct PlanFuzzTests {
    static func seed() throws -> (Plan, Inventory, Pack) {
        let pack = try #require(InputFuzzTests.pack)
        let text = try Reliability.repoText("examples/rdo-22.yaml")
        let inventory = try InventoryLoader.load(text: text, sourceName: "rdo-22.yaml", validator: InventoryValidator(pack: pack)).inventory
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 5, canary: 1),
                                            inventoryRef: InputRef(name: "rdo-22", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        return (plan, inventory, pack)
    }

    @Test("mutated plans are rejected naming the file, or checked and scheduled without a crash", .timeLimit(.minutes(10)))
    func plans() throws {
        let (plan, inventory, pack) = try Self.seed()
        let encoder = JSONEncoder(); encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let seedText = String(decoding: try encoder.encode(plan), as: UTF8.self)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-planfuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.json").path
        var m = Mutator(seed: Reliability.seed ^ 5)
        var tree = JSONTreeMutator(seed: Reliability.seed ^ 6)
        var found = FuzzFindings()
        var checked = 0
        for i in 0..<Reliability.fuzzCount {
            let input = i % 2 == 0 ? m.mutate(seedText) : tree.mutate(seedText)
            try Data(input.utf8).write(to: URL(fileURLWithPath: path))
            found.run(i, file: path, text: input) {
                let decoded: Plan
                do { decoded = try ExecuteInputs.readPlan(path).0 } catch let e as CLIFailure { throw InputError(e.diagnostics) }
                let findings = SafetyCheck.check(plan: decoded, inventory: inventory, pack: pack, facts: nil)
                checked += 1
                if !findings.hasErrors { _ = try? Scheduler(plan: decoded, options: RunOptions(parallel: 4)) }
            }
        }
        found.expectClean("plan JSON")
        #expect(checked > Reliability.fuzzCount / 10, "enough mutated plans decode to exercise the check (\(checked))")
    }
}

/// Structural JSON mutations: a random value of the tree is replaced by another kind of value,
/// removed, or (in an array) duplicated.
struct JSONTreeMutator {
    var m: Mutator
    init(seed: UInt64) { m = Mutator(seed: seed) }

    mutating func mutate(_ text: String) -> String {
        guard var root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return text }
        for _ in 0...m.int(3) { root = edit(root, depth: 0) }
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]) else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    mutating func replacement() -> Any {
        let values: [Any] = ["", "ctl-01", "nova/db-sync@ctl-01", "$(touch /tmp/pwned)", "a'b\"c\nd", -1, 0, 1, 1e300, true, NSNull(),
                             [Any](), [String: Any](), ["ctl-01", "ctl-01"], Mutator.tokens[m.int(Mutator.tokens.count)]]
        return values[m.int(values.count)]
    }

    mutating func edit(_ node: Any, depth: Int) -> Any {
        let stop = m.int(6) == 0 || depth > 6
        if var dict = node as? [String: Any], !dict.isEmpty {
            let key = dict.keys.sorted()[m.int(dict.count)]
            if stop { if m.int(2) == 0 { dict.removeValue(forKey: key) } else { dict[key] = replacement() } }
            else { dict[key] = edit(dict[key]!, depth: depth + 1) }
            return dict
        }
        if var array = node as? [Any], !array.isEmpty {
            let i = m.int(array.count)
            if stop {
                switch m.int(3) { case 0: array.remove(at: i); case 1: array.insert(array[i], at: i); default: array[i] = replacement() }
            } else { array[i] = edit(array[i], depth: depth + 1) }
            return array
        }
        return stop ? replacement() : node
    }
}
