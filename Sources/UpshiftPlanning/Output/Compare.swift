import UpshiftModel

/// The offline / service / live trade-off for one cloud, computed from real plans of each method.
public struct MethodComparison: Codable, Sendable {
    public var method: PlanMethod
    public var steps: Int
    public var phasesWithAPIsDown: [String]
    public var phasesAffectingBoots: [String]
    public var blocking: [Diagnostic]
    public var warnings: [Diagnostic]
    /// Sum of the pack's declared per-action estimates along the plan (steps run one after another,
    /// hosts of one step in parallel). A forecast from declared figures, not a measurement.
    public var forecastSeconds: Int?
    /// The same forecast restricted to phases during which the Nova API is down.
    public var forecastNovaAPIDownSeconds: Int?
    /// With a journal's history: the forecast from units measured in earlier runs (the pack's
    /// declared estimate for a kind of step never measured), and the same for the Nova API.
    public var forecastFromHistorySeconds: Int?
    public var forecastFromHistoryNovaAPIDownSeconds: Int?
    public var notes: [String]
    enum CodingKeys: String, CodingKey {
        case method, steps, phasesWithAPIsDown = "phases_with_apis_down", phasesAffectingBoots = "phases_affecting_boots"
        case blocking, warnings, forecastSeconds = "forecast_seconds_from_pack_estimates"
        case forecastNovaAPIDownSeconds = "forecast_nova_api_down_seconds_from_pack_estimates"
        case forecastFromHistorySeconds = "forecast_seconds_from_history"
        case forecastFromHistoryNovaAPIDownSeconds = "forecast_nova_api_down_seconds_from_history", notes
    }
}

public enum Compare {
    /// `history`: mean seconds per step kind measured in earlier runs (`StepDurations.means`); empty: none.
    public static func compare(_ base: PlanRequest, history: [String: Double] = [:]) -> [MethodComparison] {
        PlanMethod.allCases.map { m in
            var r = base; r.method = m
            if m != .live { r.options.osUpgrade = false }
            let plan = Planner.plan(r)
            let ds = SafetyCheck.check(plan: plan, inventory: r.inventory, pack: r.pack, facts: r.facts)
            let est = r.pack.estimates
            func total(_ steps: [Step]) -> Int? {
                est.isEmpty ? nil : steps.reduce(0) { $0 + (est[$1.action.rawValue] ?? 0) }
            }
            let novaDown = Set(plan.phases.filter { $0.apisDown.contains("nova") || $0.apisDown.contains("all") }.map(\.id))
            let measured = StepDurations(history: history, declared: est)
            func fromHistory(_ steps: [Step]) -> Int? {
                history.isEmpty ? nil : Int(measured.forecast(steps, parallel: Int.max).seconds.rounded())
            }
            var row = MethodComparison(
                method: m, steps: plan.steps.count,
                phasesWithAPIsDown: plan.phases.filter { !$0.apisDown.isEmpty }.map { "\($0.id) (\($0.apisDown.joined(separator: ", ")))" },
                phasesAffectingBoots: plan.phases.filter(\.bootsAffected).map(\.id.rawValue),
                blocking: ds.errors, warnings: ds.filter { $0.severity == .warning },
                forecastSeconds: total(plan.steps),
                forecastNovaAPIDownSeconds: total(plan.steps.filter { novaDown.contains($0.phase) }),
                notes: notes(m, plan: plan, inventory: r.inventory))
            row.forecastFromHistorySeconds = fromHistory(plan.steps)
            row.forecastFromHistoryNovaAPIDownSeconds = fromHistory(plan.steps.filter { novaDown.contains($0.phase) })
            return row
        }
    }

    static func notes(_ m: PlanMethod, plan: Plan, inventory: Inventory) -> [String] {
        let oses = Set(inventory.hosts.map(\.os)).count
        switch m {
        case .offline:
            return ["Simpler and well tested, fewer moving parts (RDO-IH).",
                    "Every API is down from the stop phase to the start phase, including all schema syncs.",
                    oses > 1 ? "Hosts run different base OS versions: offline requires them all the same." : "All hosts share one base OS, as offline requires."]
        case .service:
            return ["Each service is down only during its own window; Nova is stopped everywhere from its controller upgrade until each compute batch (no RPC pin).",
                    "Running instances keep running; new boots wait for the Nova window to end."]
        case .live:
            return ["Minimal disruption: the Nova API is down only while the controllers upgrade and the schema syncs; computes move in batches with instances running (RDO-IH).",
                    "Newer technique, less tested; relies on the icehouse-compat RPC pin and Havana ≥ 2013.2.3 on every Nova host.",
                    "A compute's base OS can be updated on the way (--os-upgrade)."]
        }
    }

    public static func text(_ rows: [MethodComparison]) -> String {
        var l = [rows.contains { $0.forecastFromHistorySeconds != nil }
                 ? "Method comparison for this cloud (forecasts from the journal's earlier runs, and from the pack's declared per-step estimates):"
                 : "Method comparison for this cloud (forecasts are sums of the pack's declared per-step estimates, not measurements):", ""]
        for r in rows {
            l.append("\(r.method.rawValue): \(r.steps) steps" + (r.blocking.isEmpty ? "" : " — BLOCKED here (\(r.blocking.map(\.id).joined(separator: ", ")))"))
            if let h = r.forecastFromHistorySeconds {
                l.append("  forecast: ~\((h + 59) / 60) min in all; Nova API down ~\(((r.forecastFromHistoryNovaAPIDownSeconds ?? 0) + 59) / 60) min (measured in earlier runs; declared estimates where a kind of step was never measured)")
            }
            if let f = r.forecastSeconds { l.append("  forecast: ~\(f / 60) min in all; Nova API down ~\(((r.forecastNovaAPIDownSeconds ?? 0) + 59) / 60) min (declared estimates)") }
            l.append("  APIs down in: " + (r.phasesWithAPIsDown.isEmpty ? "none" : r.phasesWithAPIsDown.joined(separator: "; ")))
            l.append("  new boots affected in: " + (r.phasesAffectingBoots.isEmpty ? "none" : r.phasesAffectingBoots.joined(separator: ", ")))
            for d in r.blocking { l.append("  blocked: \(d.summary) [\(d.id)]" + (d.fix.map { " — fix: \($0)" } ?? "")) }
            for d in r.warnings { l.append("  warning: \(d.summary) [\(d.id)]") }
            for n in r.notes { l.append("  - \(n)") }
            l.append("")
        }
        return l.joined(separator: "\n")
    }
}
