import UpshiftModel

extension Pack {
    /// The names `{setting: NAME=VALUE}` may use for the cloud: `cloud.virt_type` and `cloud.` + each cloud setting.
    var cloudSettingConditionNames: [String] { ["cloud.virt_type"] + cloudSettings.map { "cloud." + $0.name } }
}

extension PackLoader {
    /// `plan_options` and `cloud_settings`: each named once, not an engine option's name (they share the plan's `options`
    /// object), with values, and a default among them.
    static func planOptionProblems(_ pack: Pack, in doc: YAMLDocument) -> [Diagnostic] {
        choiceProblems(pack.planOptions, key: "plan_options", what: "plan option", id: "pack.plan-option", reserved: PlanOptions.engineNames, in: doc)
            + choiceProblems(pack.cloudSettings, key: "cloud_settings", what: "cloud setting", id: "pack.cloud-setting", reserved: CloudSettings.ownKeys, in: doc)
    }

    static func choiceProblems(_ choices: [PackChoice], key section: String, what: String, id: String, reserved: Set<String>,
                               in doc: YAMLDocument) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: Set<String> = []
        for (i, o) in choices.enumerated() {
            func fail(_ summary: String, _ key: String) {
                out.append(Diagnostic(id: id, severity: .error, summary: summary,
                                      subject: .init(location: doc.location(ofKeys: [.key(section), .index(i), .key(key)]))))
            }
            if reserved.contains(o.name) || o.name.isEmpty || o.name.contains("=") {
                fail("\(what) '\(o.name)': the name is Upshift's own or not a name (reserved: \(reserved.sorted().joined(separator: ", ")))", "name")
            }
            if !seen.insert(o.name).inserted { fail("\(what) '\(o.name)' is declared twice", "name") }
            if o.values.isEmpty { fail("\(what) '\(o.name)' has no values", "values") }
            if !o.values.contains(o.default) {
                fail("\(what) '\(o.name)': default '\(o.default)' is not one of its values (\(o.values.joined(separator: ", ")))", "default")
            }
        }
        return out
    }
}
