import UpshiftModel

extension AnsibleTasks {
    /// The files a config step edits on a host: its `file`, or (migrate-config without one) every
    /// config file of the service, as `RemoteConfigEditor` does.
    func files(of step: Step) -> [String] {
        if let file = step.params.file { return [file] }
        guard step.action == .migrateConfig, let name = step.params.service ?? step.service,
              let service = placement.pack.service(name) else { return [] }
        var out: [String] = []
        for f in service.config.map(\.file) where !out.contains(f) { out.append(f) }
        return out
    }

    /// One `upshift_config_edit` task per file: the plugin reads the file with apply's read command,
    /// edits it with `upshift config edit-step` on the control node (the lossless editor, the pack's
    /// changes, secrets from UPSHIFT_SECRET_<NAME>), writes it with apply's write command (content
    /// on stdin only) and reads it back to verify.
    func configEdits(_ step: Step) -> String {
        let p = Self.pad
        var out = ""
        for file in files(of: step) {
            var lines = ["\(p)- name: \(AnsibleYAML.str("[\(step.id)] \(step.action.rawValue) \(file)"))",
                         "\(p)  when: inventory_hostname in \(AnsibleYAML.list(step.hosts.map(\.rawValue)))",
                         "\(p)  upshift_config_edit:",
                         "\(p)    upshift: \"{{ upshift_binary | default('upshift') }}\"",
                         "\(p)    plan: \"{{ playbook_dir }}/plan.json\"",
                         "\(p)    step: \(AnsibleYAML.unsafe(step.id.rawValue))",
                         "\(p)    file: \(AnsibleYAML.unsafe(file))",
                         "\(p)    read: \(AnsibleYAML.unsafe("cat " + ShellQuote.quote(file)))"]
            if let answerFile { lines.append("\(p)    answer_file: \(AnsibleYAML.unsafe(answerFile))") }
            if !variables.isEmpty {
                lines.append("\(p)    variables:")
                for v in variables {
                    lines.append("\(p)      \(AnsibleYAML.str(v.name)): \"{{ hostvars[\(Self.jinjaString(v.host.rawValue))].upshift_var_\(Self.factName(v.name)) | default('') }}\"")
                }
            }
            out += lines.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// A host name as a Jinja string literal (host names are letters, digits, `.`, `-` and `_`).
    static func jinjaString(_ s: String) -> String { "'" + s.filter { $0.isLetter || $0.isNumber || "._-".contains($0) } + "'" }

    /// A pause step: apply stops there until `upshift resume`; the playbook asks for `yes` (a run
    /// without a terminal stops there); `-e upshift_skip_pauses=true` goes on without asking.
    static func pause(_ step: Step) -> String {
        let p = pad, given = "(upshift_skip_pauses | default(false) | bool)"
        return """
        \(p)- name: \(AnsibleYAML.str("[\(step.id)] pause"))
        \(p)  when: not \(given)
        \(p)  pause:
        \(p)    prompt: \(AnsibleYAML.unsafe("upshift: pause (\(step.params.reason ?? step.why ?? "the plan pauses here")). Type yes to go on"))
        \(p)  register: upshift_pause
        \(p)- name: \(AnsibleYAML.str("[\(step.id)] go on"))
        \(p)  run_once: true
        \(p)  assert:
        \(p)    that: \(given) or (upshift_pause.user_input | default('') | trim) == 'yes'
        \(p)    fail_msg: "stopped at the plan's pause (answer yes, or pass -e upshift_skip_pauses=true)"

        """
    }

    /// Before the first step past the point of no return: a prompt that only `yes` passes (a run
    /// without a terminal reads nothing and stops), or `-e upshift_cross_point_of_no_return=true`.
    static func pointOfNoReturn(_ step: Step) -> String {
        let p = pad, given = "(upshift_cross_point_of_no_return | default(false) | bool)"
        return """
        \(p)- name: \(AnsibleYAML.str("point of no return before [\(step.id)]"))
        \(p)  when: not \(given)
        \(p)  pause:
        \(p)    prompt: \(AnsibleYAML.unsafe("upshift: \(step.id) is the point of no return: \(step.why ?? "past it the upgrade cannot be rolled back"). Type yes to go on"))
        \(p)  register: upshift_point_of_no_return
        \(p)- name: \(AnsibleYAML.str("point of no return confirmed"))
        \(p)  run_once: true
        \(p)  assert:
        \(p)    that: \(given) or (upshift_point_of_no_return.user_input | default('') | trim) == 'yes'
        \(p)    fail_msg: "the point of no return was not confirmed: nothing past it ran (answer yes, or pass -e upshift_cross_point_of_no_return=true)"

        """
    }
}
