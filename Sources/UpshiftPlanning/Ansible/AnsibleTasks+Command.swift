import UpshiftModel

extension AnsibleTasks {
    /// One `raw` task: the command per host, judged as `TransportStepPerformer` judges it (accepted
    /// exit statuses, "run again while rc = N", a poll every 2 s until the timeout, the table row a
    /// poll waits for, the text a query must show, the version a check must print).
    func command(_ step: Step, _ entries: [(HostName, RenderedCommand)], position: String) -> String {
        let c = entries[0].1
        let p = Self.pad
        var lines = ["\(p)- name: \(AnsibleYAML.str("[\(step.id)] \(step.action.rawValue)\(position)"))",
                     "\(p)  when: inventory_hostname in upshift_cmd",
                     "\(p)  raw: \"{{ upshift_cmd[inventory_hostname] }}\""]
        if entries.contains(where: { $0.0 != $0.1.host }) { lines.append("\(p)  delegate_to: \"{{ upshift_on[inventory_hostname] }}\"") }
        lines.append("\(p)  register: upshift_out")
        var ok = "upshift_out.rc in [" + c.accept.map(String.init).joined(separator: ", ") + "]"
        var vars: [(String, String)] = []
        if let must = c.mustContain { ok += " and upshift_must in upshift_out.stdout"; vars.append(("upshift_must", AnsibleYAML.unsafe(must))) }
        if case .poll = c.kind, let expect = c.expect {
            ok += " and (upshift_out.stdout_lines | select('search', upshift_row) | list | length > 0)"
            vars.append(("upshift_row", AnsibleYAML.unsafe(Self.rowPattern(expect))))
        }
        if step.action == .verifyVersion {
            ok += " and upshift_want != '' and (upshift_out.stdout | trim).startswith(upshift_want)"
            vars.append(("upshift_want", AnsibleYAML.unsafe(step.params.version ?? "")))
        }
        lines.append("\(p)  changed_when: \(c.kind == .run ? "true" : "false")")
        lines.append("\(p)  failed_when: not (\(ok))")
        if case .poll(let timeout) = c.kind {
            lines += ["\(p)  until: \(ok)", "\(p)  retries: \(max(1, Int(timeout.components.seconds) / 2))", "\(p)  delay: 2"]
        } else if let again = c.retryWhile, c.retryLimit > 1 {
            lines += ["\(p)  until: upshift_out.rc != \(again)", "\(p)  retries: \(c.retryLimit - 1)", "\(p)  delay: 0"]
        }
        lines.append("\(p)  vars:")
        lines.append("\(p)    upshift_cmd:")
        lines += entries.map { "\(p)      \(AnsibleYAML.str($0.0.rawValue)): \(AnsibleYAML.unsafe($0.1.script))" }
        if entries.contains(where: { $0.0 != $0.1.host }) {
            lines.append("\(p)    upshift_on:")
            lines += entries.map { "\(p)      \(AnsibleYAML.str($0.0.rawValue)): \(AnsibleYAML.str($0.1.host.rawValue))" }
        }
        lines += vars.map { "\(p)    \($0.0): \($0.1)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line of a CLI table in which every word of `expect` is a whole cell (`enabled up`).
    static func rowPattern(_ expect: String) -> String {
        expect.split(separator: " ").map { "(?=.*(?:^|\\|)\\s*\(escape(String($0)))\\s*(?:\\||$))" }.joined()
    }

    /// `text` as a literal in a Python regular expression.
    static func escape(_ text: String) -> String {
        String(text.flatMap { $0.isLetter || $0.isNumber || $0 == "_" ? [$0] : ["\\", $0] })
    }

    /// After a lookup: its `| field | value |` kept as the fact `upshift_var_NAME` of the step's
    /// first host, where later config edits read it; an empty value fails as apply fails.
    mutating func lookup(_ step: Step) -> String {
        guard let name = step.params.variable, let field = step.params.field, let host = step.hosts.first else { return "" }
        variables.removeAll { $0.name == name }
        variables.append((name, host))
        let p = Self.pad, fact = "upshift_var_" + Self.factName(name)
        return """
        \(p)- name: \(AnsibleYAML.str("[\(step.id)] keep | \(field) | as \(name)"))
        \(p)  when: inventory_hostname == \(AnsibleYAML.str(host.rawValue))
        \(p)  set_fact:
        \(p)    \(fact): "{{ upshift_out.stdout | regex_findall(upshift_field) | first | default('') }}"
        \(p)  vars:
        \(p)    upshift_field: \(AnsibleYAML.unsafe("(?m)^\\|*[ \\t]*" + Self.escape(field) + "[ \\t]*\\|+[ \\t]*([^|\\n]*[^|\\s])"))
        \(p)- name: \(AnsibleYAML.str("[\(step.id)] \(name) was found"))
        \(p)  when: inventory_hostname == \(AnsibleYAML.str(host.rawValue))
        \(p)  assert:
        \(p)    that: \(fact) != ''
        \(p)    fail_msg: \(AnsibleYAML.str("no `| \(field) | ... |` row in the output of \(step.id) on \(host)"))

        """
    }

    static func factName(_ name: String) -> String { String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
}
