import UpshiftModel

/// What `rollback --dry-run` prints (and `rollback` shows before it asks): every unit it will undo,
/// in the order it undoes them, with the commands each undo runs; then what it leaves as it is.
public enum RollbackText {
    public static func render(run: RunID, target: StepID?, items: [UndoItem], renderer: any StepRendering) -> String {
        let undone = items.filter { $0.undo != nil || $0.reverts }
        let kept = items.filter { $0.undo == nil && !$0.reverts }
        var out = ["Rollback of run \(run) \(target.map { "to \($0)" } ?? "to the start"): \(undone.count) units to undo, in this order:"]
        if items.isEmpty { out[0] = "Rollback of run \(run) \(target.map { "to \($0)" } ?? "to the start"): nothing ran after it, nothing to undo" }
        for (i, item) in undone.enumerated() {
            out.append(String(format: "%3d. ", i + 1) + item.original.description)
            guard let undo = item.undo else { out.append("       (nothing to run: \(item.note))"); continue }
            let commands = renderer.render(undo, for: item.original.host)
            if commands.isEmpty { out.append("       \(item.note)") }
            for c in commands {
                let on = c.host == item.original.host ? "" : " (on \(c.host))"
                out.append("       $ \(c.script)\(on)")
            }
        }
        if !kept.isEmpty {
            out += ["", "Not undone (they stay as they are):"]
            out += kept.map { "  - \($0.original): \($0.note)" }
        }
        return out.joined(separator: "\n")
    }
}
