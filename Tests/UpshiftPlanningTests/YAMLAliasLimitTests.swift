import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// Nested aliases cannot make a small document expand without bound (each level 9x here).
@Suite struct YAMLAliasLimitTests {
    static func bomb(levels: Int) -> String {
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1..<levels {
            lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func nestedAliasesPastTheLimitAreRefusedWithFileAndLine() {
        #expect {
            _ = try YAMLDocument(text: Self.bomb(levels: 5), sourceName: "pack.yaml")
        } throws: { error in
            guard let d = (error as? InputError)?.diagnostics.first else { return false }
            return d.id == "input.yaml-aliases" && d.subject.location?.file == "pack.yaml" && d.subject.location?.line == 5
        }
    }

    @Test func aliasesWithinTheLimitStillDecode() throws {
        let doc = try YAMLDocument(text: Self.bomb(levels: 3), sourceName: "small.yaml")
        struct Levels: Decodable { var l0: [String]; var l2: [[[String]]] }
        let decoded = try doc.decode(Levels.self)
        #expect(decoded.l2.count == 9 && decoded.l2[8].count == 9 && decoded.l2[8][8] == decoded.l0)
        let reused = try YAMLDocument(text: "base: &b {a: 1}\nx: *b\n", sourceName: "m.yaml").decode([String: [String: Int]].self)
        #expect(reused["x"] == ["a": 1])
    }
}
