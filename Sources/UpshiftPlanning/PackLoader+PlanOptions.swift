import UpshiftModel

extension PackLoader {
    /// `plan_options`: each named once, not an engine option's name (they share the plan's `options`
    /// object), with values, and a default among them.
    static func planOptionProblems(_ pack: Pack, in doc: YAMLDocument) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: Set<String> = []
        for (i, o) in pack.planOptions.enumerated() {
            func fail(_ summary: String, _ key: String) {
                out.append(Diagnostic(id: "pack.plan-option", severity: .error, summary: summary,
                                      subject: .init(location: doc.location(ofKeys: [.key("plan_options"), .index(i), .key(key)]))))
            }
            if PlanOptions.engineNames.contains(o.name) || o.name.isEmpty || o.name.contains("=") {
                fail("plan option '\(o.name)': the name is Upshift's own or not a name (reserved: \(PlanOptions.engineNames.sorted().joined(separator: ", ")))", "name")
            }
            if !seen.insert(o.name).inserted { fail("plan option '\(o.name)' is declared twice", "name") }
            if o.values.isEmpty { fail("plan option '\(o.name)' has no values", "values") }
            if !o.values.contains(o.default) {
                fail("plan option '\(o.name)': default '\(o.default)' is not one of its values (\(o.values.joined(separator: ", ")))", "default")
            }
        }
        return out
    }
}
