import UpshiftModel
import UpshiftPlanning

/// The inputs `apply` is about to execute against, compared with what the plan was made from.
public struct DriftInputs: Sendable {
    public var inventoryText: String
    public var inventory: Inventory?
    public var packText: String
    public var pack: Pack?
    /// Where the files were read from, for the diagnostics (default: the names the plan records).
    public var inventorySource: String?
    public var packSource: String?
    public init(inventoryText: String, inventory: Inventory?, packText: String, pack: Pack?,
                inventorySource: String? = nil, packSource: String? = nil) {
        self.inventoryText = inventoryText; self.inventory = inventory; self.packText = packText; self.pack = pack
        self.inventorySource = inventorySource; self.packSource = packSource
    }
}

/// Refuses to execute a plan whose inventory or pack changed since it was made, saying what changed.
public enum DriftCheck {
    /// One error diagnostic per changed input (`apply.drift.inventory`, `apply.drift.pack`); empty when both match.
    public static func check(_ plan: Plan, against inputs: DriftInputs) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let invHash = InputHash.sha256(inputs.inventoryText)
        if invHash != plan.inventory.sha256 {
            var changes: [String] = []
            if let inv = inputs.inventory {
                let now = Set(inv.hosts.map(\.name)), then = Set(plan.hosts)
                let added = now.subtracting(then).sorted(), removed = then.subtracting(now).sorted()
                if !added.isEmpty { changes.append("hosts added: " + added.map(\.rawValue).joined(separator: ", ")) }
                if !removed.isEmpty { changes.append("hosts removed: " + removed.map(\.rawValue).joined(separator: ", ")) }
                let moved = inv.hosts.filter { $0.release != plan.from && then.contains($0.name) }.map(\.name.rawValue)
                if !moved.isEmpty { changes.append("hosts no longer on \(plan.from): " + moved.joined(separator: ", ")) }
            }
            if changes.isEmpty { changes.append("the file's content changed") }
            out.append(Diagnostic(
                id: "apply.drift.inventory", severity: .error,
                summary: "the inventory \(plan.inventory.name) changed since the plan was made: " + changes.joined(separator: "; "),
                detail: "plan sha256 \(plan.inventory.sha256), file sha256 \(invHash)",
                fix: "run `upshift plan` again and apply the new plan", subject: .init(location: .init(file: inputs.inventorySource ?? plan.inventory.name))))
        }
        let packHash = InputHash.sha256(inputs.packText)
        if packHash != plan.pack.sha256 {
            var what = "the file's content changed"
            if let pack = inputs.pack, pack.from != plan.from || pack.to != plan.to {
                what = "it now upgrades \(pack.from) to \(pack.to), the plan \(plan.from) to \(plan.to)"
            }
            out.append(Diagnostic(
                id: "apply.drift.pack", severity: .error,
                summary: "the pack \(plan.pack.name) changed since the plan was made: \(what)",
                detail: "plan sha256 \(plan.pack.sha256), file sha256 \(packHash)",
                fix: "run `upshift plan` again and apply the new plan", subject: .init(location: .init(file: inputs.packSource ?? plan.pack.name))))
        }
        return out
    }
}
