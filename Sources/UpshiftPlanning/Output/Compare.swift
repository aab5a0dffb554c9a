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
    /// The API the pack names as key (`procedure.key_api`), and the same forecast restricted to
    /// phases during which it is down.
    public var keyAPI: String?
    public var forecastKeyAPIDownSeconds: Int?
    /// With a journal's history: the forecast from units measured in earlier runs (the pack's
    /// declared estimate for a kind of step never measured), and the same for the key API.
    public var forecastFromHistorySeconds: Int?
    public var forecastFromHistoryKeyAPIDownSeconds: Int?
    public var notes: [String]
    enum CodingKeys: String, CodingKey {
        case method, steps, phasesWithAPIsDown = "phases_with_apis_down", phasesAffectingBoots = "phases_affecting_boots"
        case blocking, warnings, forecastSeconds = "forecast_seconds_from_pack_estimates"
        case keyAPI = "key_api", forecastKeyAPIDownSeconds = "forecast_key_api_down_seconds_from_pack_estimates"
        case forecastFromHistorySeconds = "forecast_seconds_from_history"
        case forecastFromHistoryKeyAPIDownSeconds = "forecast_key_api_down_seconds_from_history", notes
    }
}

public enum Compare {
    /// `history`: mean seconds per step kind measured in earlier runs (`StepDurations.means`); empty: none.
    public static func compare(_ base: PlanRequest, history: [String: Double] = [:]) -> [MethodComparison] {
        base.pack.offeredMethods.map { m in
            var r = base; r.method = m
            if m != .live { r.options.osUpgrade = false }
            let plan = Planner.plan(r)
            let ds = SafetyCheck.check(plan: plan, inventory: r.inventory, pack: r.pack, facts: r.facts)
            let est = r.pack.estimates
            func total(_ steps: [Step]) -> Int? {
                est.isEmpty ? nil : steps.reduce(0) { $0 + (est[$1.action.rawValue] ?? 0) }
            }
            let key = r.pack.procedure?.keyAPI
            let keyDown = Set(plan.phases.filter { p in key.map(p.apisDown.contains) == true || p.apisDown.contains("all") }.map(\.id))
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
                keyAPI: key, forecastKeyAPIDownSeconds: key == nil ? nil : total(plan.steps.filter { keyDown.contains($0.phase) }),
                notes: Planner.notes(r))
            row.forecastFromHistorySeconds = fromHistory(plan.steps)
            row.forecastFromHistoryKeyAPIDownSeconds = key == nil ? nil : fromHistory(plan.steps.filter { keyDown.contains($0.phase) })
            return row
        }
    }

    public static func text(_ rows: [MethodComparison]) -> String {
        var l = [rows.contains { $0.forecastFromHistorySeconds != nil }
                 ? "Method comparison for this cloud (forecasts from the journal's earlier runs, and from the pack's declared per-step estimates):"
                 : "Method comparison for this cloud (forecasts are sums of the pack's declared per-step estimates, not measurements):", ""]
        for m in PlanMethod.allCases where !rows.contains(where: { $0.method == m }) {
            l.append("\(m.rawValue): not offered by this pack (its procedure has no \(m.rawValue) method)")
        }
        for r in rows {
            l.append("\(r.method.rawValue): \(r.steps) steps" + (r.blocking.isEmpty ? "" : " — BLOCKED here (\(r.blocking.map(\.id).joined(separator: ", ")))"))
            if let h = r.forecastFromHistorySeconds {
                let key = r.keyAPI.map { "; \($0) API down ~\(((r.forecastFromHistoryKeyAPIDownSeconds ?? 0) + 59) / 60) min" } ?? ""
                l.append("  forecast: ~\((h + 59) / 60) min in all\(key) (measured in earlier runs; declared estimates where a kind of step was never measured)")
            }
            if let f = r.forecastSeconds {
                let key = r.keyAPI.map { "; \($0) API down ~\(((r.forecastKeyAPIDownSeconds ?? 0) + 59) / 60) min" } ?? ""
                l.append("  forecast: ~\(f / 60) min in all\(key) (declared estimates)")
            }
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
