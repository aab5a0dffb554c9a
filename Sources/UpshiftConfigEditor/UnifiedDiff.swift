/// A line-based unified diff (Myers' O(ND) algorithm), rendered with masked text.
public enum UnifiedDiff {
    enum Op: Equatable { case same(Int, Int), delete(Int), insert(Int) }

    /// The unified diff of two line arrays, or "" when they are equal. Lines are compared raw but
    /// printed from `oldShown`/`newShown` (the masked versions, same counts as `old`/`new`).
    public static func render(old: [String], new: [String], oldShown: [String], newShown: [String],
                              oldName: String, newName: String, context: Int = 3) -> String {
        render(old: old, new: new, oldShown: { oldShown[$0] }, newShown: { newShown[$0] },
               oldName: oldName, newName: newName, context: context)
    }

    /// As above, with the shown text computed only for the lines a hunk prints.
    public static func render(old: [String], new: [String], oldShown: (Int) -> String, newShown: (Int) -> String,
                              oldName: String, newName: String, context: Int = 3) -> String {
        let ops = script(old, new)
        guard ops.contains(where: { if case .same = $0 { false } else { true } }) else { return "" }
        let changes = ops.indices.filter { if case .same = ops[$0] { false } else { true } }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var g = 0
        while g < changes.count {
            var last = g
            while last + 1 < changes.count, changes[last + 1] - changes[last] - 1 <= 2 * context { last += 1 }
            let start = max(0, changes[g] - context), end = min(ops.count, changes[last] + context + 1)
            out += hunk(ops[start..<end], oldShown: oldShown, newShown: newShown)
            g = last + 1
        }
        return out
    }

    static func hunk(_ ops: ArraySlice<Op>, oldShown: (Int) -> String, newShown: (Int) -> String) -> String {
        var oldStart = 0, newStart = 0, oldCount = 0, newCount = 0, body = ""
        var firstOld: Int?, firstNew: Int?
        for op in ops {
            switch op {
            case .same(let a, let b):
                firstOld = firstOld ?? a; firstNew = firstNew ?? b
                oldCount += 1; newCount += 1; body += " " + oldShown(a) + "\n"
            case .delete(let a): firstOld = firstOld ?? a; oldCount += 1; body += "-" + oldShown(a) + "\n"
            case .insert(let b): firstNew = firstNew ?? b; newCount += 1; body += "+" + newShown(b) + "\n"
            }
        }
        // A hunk with no old (new) lines is positioned after the preceding line, as diff(1) does.
        oldStart = oldCount == 0 ? precedingIndex(ops, old: true) : (firstOld ?? 0) + 1
        newStart = newCount == 0 ? precedingIndex(ops, old: false) : (firstNew ?? 0) + 1
        return "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
    }

    static func precedingIndex(_ ops: ArraySlice<Op>, old: Bool) -> Int {
        for op in ops {
            switch op {
            case .insert(let b): if !old { return b }
            case .delete(let a): if old { return a }
            case .same(let a, let b): return old ? a : b
            }
        }
        return 0
    }

    /// An edit script from `a` to `b`: common prefix and suffix, then Myers' shortest script for the
    /// middle. When the middle needs more than `budget` edits (unrelated files), it is shown as
    /// deleted and inserted wholesale instead, so memory stays bounded.
    static func script(_ a: [String], _ b: [String], budget: Int = 2_000) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        var ops = (0..<prefix).map { Op.same($0, $0) }
        let middle = myers(midA, midB, budget: budget)
            ?? (midA.indices.map { Op.delete($0) } + midB.indices.map { Op.insert($0) })
        for op in middle {
            switch op {
            case .same(let x, let y): ops.append(.same(x + prefix, y + prefix))
            case .delete(let x): ops.append(.delete(x + prefix))
            case .insert(let y): ops.append(.insert(y + prefix))
            }
        }
        for i in 0..<suffix { ops.append(.same(a.count - suffix + i, b.count - suffix + i)) }
        return ops
    }

    /// Myers' shortest edit script, or nil when it needs more than `budget` edits.
    static func myers(_ a: [String], _ b: [String], budget: Int) -> [Op]? {
        let n = a.count, m = b.count, maxD = min(n + m, budget), offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...maxD {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n, y >= m { found = true; break search }
            }
        }
        guard found else { return nil }
        var ops: [Op] = [], x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let vd = trace[d], k = x - y
            let prevK = (k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1])) ? k + 1 : k - 1
            let prevX = vd[offset + prevK], prevY = prevX - prevK
            while x > prevX, y > prevY { x -= 1; y -= 1; ops.append(.same(x, y)) }
            if d > 0 { if x == prevX { y -= 1; ops.append(.insert(y)) } else { x -= 1; ops.append(.delete(x)) } }
        }
        return ops.reversed()
    }
}
