import UpshiftModel

/// Renders a plan for people (text) and for change tickets (Markdown). Deterministic: no
/// timestamps or paths, so golden files can compare them.
public enum PlanText {
    public static func hostList(_ hs: [HostName]) -> String {
        switch hs.count {
        case 0: return "-"
        case 1...4: return hs.map(\.rawValue).joined(separator: ", ")
        default: return "\(hs[0]) … \(hs[hs.count - 1]) (\(hs.count) hosts)"
        }
    }

    static func stepHosts(_ s: Step) -> String {
        if let t = s.params.targets, !t.isEmpty { return "\(hostList(t)) via \(hostList(s.hosts))" }
        return s.hosts.isEmpty ? "(no host)" : hostList(s.hosts)
    }

    static func marks(_ s: Step) -> String {
        if s.pointOfNoReturn { return "!!" }
        return s.reversible ? "  " : " x"
    }

    /// The text form; with `commands`, each step is followed by its shell commands per host.
    public static func render(_ plan: Plan, inventory: Inventory, pack: Pack, platforms: PlatformSet, commands: Bool = false) -> String {
        var l: [String] = []
        let place = ServicePlacement(inventory: inventory, pack: pack)
        l.append("Upshift plan: \(plan.from) -> \(plan.to), method \(plan.method.rawValue), \(plan.hosts.count) hosts, \(plan.steps.count) steps")
        l.append("inventory \(plan.inventory.name) (sha256 \(plan.inventory.sha256.prefix(12))), pack \(plan.pack.name) (sha256 \(plan.pack.sha256.prefix(12)))")
        let o = plan.options
        l.append("options: batch size \(o.batchSize), canary \(o.canary)\(o.byGroup ? ", by group" : "")\(o.packOptions.keys.sorted().map { ", \($0) \(o.packOptions[$0]!)" }.joined())\(o.osUpgrade ? ", os upgrade" : "")\(o.pauseAfter.isEmpty ? "" : ", pause after \(o.pauseAfter.map(\.rawValue).joined(separator: ","))")")
        if !o.settings.isEmpty { l.append("settings: " + o.settings.keys.sorted().map { "\($0)=\(o.settings[$0]!)" }.joined(separator: ", ")) }
        l.append("")
        l.append("Decisions:")
        for d in plan.decisions { l.append("  - [\(d.id)] \(d.summary)"); l.append("      why: \(d.reason)") }
        if let p = plan.pointOfNoReturn {
            l.append("")
            l.append("Point of no return: \(p.id) (\(p.why ?? "")). Every step before it can be rolled back; after it, only a restore of the backup brings \(plan.from) back.")
        }
        l.append("")
        l.append("Legend: !! point of no return, x not reversible")
        for ph in plan.phases {
            let steps = plan.steps.filter { $0.phase == ph.id }
            guard !steps.isEmpty else { continue }
            l.append("")
            var cost: [String] = []
            if !ph.apisDown.isEmpty { cost.append("APIs down: \(ph.apisDown.joined(separator: ", "))") }
            if ph.bootsAffected { cost.append("new boots affected") }
            l.append("== \(ph.id): \(ph.title)" + (cost.isEmpty ? "" : "  [\(cost.joined(separator: "; "))]"))
            l.append("   \(ph.summary)")
            var lastBatch: Int? = nil
            // Batch 0 is the canary batch whenever the plan has one (`--canary N`: the first N hosts).
            for s in steps {
                if let b = s.batch, b != lastBatch { l.append("   -- batch \(b)\(b == 0 && plan.options.canary > 0 ? " (canary)" : "")"); lastBatch = b }
                l.append(" \(marks(s)) \(s.id)  \(s.action.rawValue) on \(stepHosts(s))")
                if let why = s.why { l.append("      why: \(why)") }
                if !s.reversible || s.pointOfNoReturn { l.append("      undo: \(s.rollback ?? "not possible")") }
                if commands { l += commandLines(s, placement: place, platforms: platforms) }
            }
        }
        return l.joined(separator: "\n")
    }

    static func commandLines(_ s: Step, placement: ServicePlacement, platforms: PlatformSet) -> [String] {
        var out: [String] = []
        var current: HostName? = nil
        for c in CommandRenderer.render(s, placement: placement, platforms: platforms) {
            if c.host != current { out.append("      @\(c.host):"); current = c.host }
            switch c.kind {
            case .run:
                out.append("        $ \(c.script)")
                if let k = c.killAfterTimeout { out.append("        $ \(k.script)    # only if it did not stop within \(k.seconds) s (exit 124): the kill is recorded") }
            case .poll(let t): out.append("        $ \(c.script)    # repeat until it succeeds\(c.expect.map { " and shows '\($0)'" } ?? ""), up to \(t.components.seconds) s")
            case .capture: out.append("        $ \(c.script)    # read \(c.expect ?? "output")")
            case .fileEdit(let path):
                out.append("        # \(c.note ?? "edit") in \(path), with Upshift's lossless editor:")
                out.append("        $ \(c.script)")
                out.append("        $ \(CommandRenderer.writeScript(path: path, stamp: "<run-stamp>", size: "<bytes>"))    # stdin: the edited file, <bytes> long")
            }
        }
        return out
    }

    /// The Markdown form for change tickets.
    public static func markdown(_ plan: Plan) -> String {
        var l: [String] = ["# Upgrade plan: \(plan.from) → \(plan.to) (\(plan.method.rawValue))", ""]
        l.append("- Hosts: \(plan.hosts.count); steps: \(plan.steps.count)")
        l.append("- Inventory: `\(plan.inventory.name)` sha256 `\(plan.inventory.sha256.prefix(12))`; pack: `\(plan.pack.name)` sha256 `\(plan.pack.sha256.prefix(12))`")
        if let p = plan.pointOfNoReturn { l.append("- **Point of no return:** `\(p.id)`") }
        l += ["", "## Decisions", ""]
        for d in plan.decisions { l.append("- **\(d.id)**: \(d.summary) _\(d.reason)_") }
        l += ["", "## Phases", "", "| Phase | What | APIs down | New boots affected | Steps |", "|---|---|---|---|---|"]
        for ph in plan.phases {
            let n = plan.steps.filter { $0.phase == ph.id }.count
            guard n > 0 else { continue }
            l.append("| \(ph.id) | \(ph.summary.replacingOccurrences(of: "|", with: "\\|")) | \(ph.apisDown.isEmpty ? "—" : ph.apisDown.joined(separator: ", ")) | \(ph.bootsAffected ? "yes" : "no") | \(n) |")
        }
        l += ["", "## Steps", "", "| # | Step | Action | Hosts | Reversible |", "|---|---|---|---|---|"]
        for (i, s) in plan.steps.enumerated() {
            l.append("| \(i + 1) | `\(s.id)` | \(s.action.rawValue) | \(stepHosts(s)) | \(s.pointOfNoReturn ? "**no — point of no return**" : (s.reversible ? "yes" : "no")) |")
        }
        return l.joined(separator: "\n")
    }
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String { replacing(a, with: b) }
}
