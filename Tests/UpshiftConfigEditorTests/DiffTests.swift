import PropertyBased
import Testing
@testable import UpshiftConfigEditor

@Suite("Unified diff")
struct DiffTests {
    /// Rebuilds both sides from an edit script; both must come out exactly.
    static func sides(_ ops: [UnifiedDiff.Op], _ a: [String], _ b: [String]) -> ([String], [String]) {
        var left: [String] = [], right: [String] = []
        for op in ops {
            switch op {
            case .same(let x, let y): left.append(a[x]); right.append(b[y]); if a[x] != b[y] { right.append("MISMATCH") }
            case .delete(let x): left.append(a[x])
            case .insert(let y): right.append(b[y])
            }
        }
        return (left, right)
    }

    @Test("the edit script reproduces both sides, also when the budget forces a wholesale hunk")
    func scriptIsExact() async {
        let lines = Gen.int(in: 0...5).map { "l\($0)" }.array(of: 0...40)
        await propertyCheck(count: 300, input: lines, lines, Gen.int(in: 0...6)) { a, b, budget in
            let ops = UnifiedDiff.script(a, b, budget: budget)
            let (left, right) = Self.sides(ops, a, b)
            #expect(left == a && right == b)
        }
    }

    @Test("hunks carry three lines of context and correct ranges")
    func hunks() {
        let a = (1...20).map { "line \($0)" }
        var b = a
        b[9] = "changed"
        b.insert("added", at: 15)
        let d = UnifiedDiff.render(old: a, new: b, oldShown: a, newShown: b, oldName: "a/f", newName: "b/f")
        #expect(d == """
        --- a/f
        +++ b/f
        @@ -7,12 +7,13 @@
         line 7
         line 8
         line 9
        -line 10
        +changed
         line 11
         line 12
         line 13
         line 14
         line 15
        +added
         line 16
         line 17
         line 18

        """)
        #expect(UnifiedDiff.render(old: a, new: a, oldShown: a, newShown: a, oldName: "x", newName: "y") == "")
    }
}
