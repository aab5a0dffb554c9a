import UpshiftModel
import UpshiftPlanning

/// `apply.drift.platform`: a platform file the plan was made with changed, disappeared, or one the
/// hosts use now was not used then. The commands come from these files: the plan must match them.
enum PlatformDrift {
    static func check(_ plan: Plan, loaded: [LoadedPlatform]) -> [Diagnostic] {
        let then = Dictionary((plan.platforms ?? []).map { ($0.name, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        func drift(_ what: String, _ location: SourceLocation?) {
            out.append(Diagnostic(id: "apply.drift.platform", severity: .error, summary: what,
                                  fix: "run `upshift plan` again and apply the new plan", subject: .init(location: location)))
        }
        var seen: Set<String> = []
        for p in loaded where p.path != nil {
            let name = p.platform.name
            seen.insert(name)
            guard let hash = then[name] else { drift("platform \(name) from \(p.path!) was not used when the plan was made", p.platform.location); continue }
            if hash != InputHash.sha256(p.text) { drift("the platform file \(p.path!) (\(name)) changed since the plan was made", p.platform.location) }
        }
        for name in then.keys.sorted() where !seen.contains(name) {
            drift("the plan was made with platform file \(name), which the inventory no longer uses", nil)
        }
        return out
    }
}
