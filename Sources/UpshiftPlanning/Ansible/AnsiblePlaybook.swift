import UpshiftModel

/// The playbook of a plan (docs/ansible.md): the plan's steps in plan order, one play per run of
/// consecutive steps of one phase and batch (a compute batch is a play of its own, so the next
/// batch starts only when the whole batch finished, as `upshift apply` does), every play
/// `any_errors_fatal` (apply's default `--max-failures 0`). Each step's commands are exactly the
/// ones `CommandRenderer` gives apply, run with the `raw` module (nothing but the command goes to
/// the host: no Python is needed there). Config edits go through the `upshift_config_edit` action
/// plugin beside the playbook, which runs the same file protocol and the same lossless editor
/// (`upshift config edit-step` on the control node). Pure.
public enum AnsiblePlaybook {
    /// What the playbook needs to know besides the plan.
    public struct Options: Sendable {
        /// The plan file's name as shown in the header.
        public var planSource: String
        /// The inventory's Packstack answer file (a path; the config edits read secrets from it as apply does).
        public var answerFile: String?
        public init(planSource: String, answerFile: String? = nil) { self.planSource = planSource; self.answerFile = answerFile }
    }

    /// The playbook text, and diagnostics for what the export cannot carry faithfully (when there
    /// are any, the text must not be used).
    public static func render(_ plan: Plan, inventory: Inventory, pack: Pack, platforms: PlatformSet,
                              options: Options) -> (text: String, problems: [Diagnostic]) {
        var tasks = AnsibleTasks(placement: ServicePlacement(inventory: inventory, pack: pack), platforms: platforms,
                                 answerFile: options.answerFile)
        var out = header(plan, options)
        var crossed = false
        for segment in segments(plan.steps) {
            out += play(segment)
            for step in segment {
                if step.pointOfNoReturn, !crossed { crossed = true; out += AnsibleTasks.pointOfNoReturn(step) }
                out += tasks.tasks(for: step)
            }
        }
        return (out, tasks.problems)
    }

    static func header(_ plan: Plan, _ options: Options) -> String {
        """
        # Written by `upshift export ansible` from \(options.planSource): \(plan.steps.count) steps in plan order (docs/ansible.md).
        # Run: ansible-playbook -i inventory.yml playbook.yml
        # Every command is the one `upshift apply` sends, run with the raw module. Config edits run the
        # upshift_config_edit action plugin (action_plugins/), which needs `upshift` on the control node
        # (-e upshift_binary=PATH) and takes secrets from UPSHIFT_SECRET_<NAME> there, as apply does.
        # The point of no return asks for `yes`; -e upshift_cross_point_of_no_return=true answers it.

        """
    }

    /// Runs of consecutive steps with the same phase and batch.
    static func segments(_ steps: [Step]) -> [[Step]] {
        var out: [[Step]] = []
        for step in steps {
            if let last = out.last?.last, last.phase == step.phase, last.batch == step.batch { out[out.count - 1].append(step) } else { out.append([step]) }
        }
        return out
    }

    static func play(_ steps: [Step]) -> String {
        var hosts: [String] = []
        for h in steps.flatMap(\.hosts) where !hosts.contains(h.rawValue) { hosts.append(h.rawValue) }
        // A play of steps on no host (a pause of its own) still runs: on the control node.
        if hosts.isEmpty { hosts = ["localhost"] }
        let first = steps[0]
        let name = "phase \(first.phase.rawValue)" + (first.batch.map { ", batch \($0)" } ?? "")
        return """
        - name: \(AnsibleYAML.str(name))
          hosts: \(AnsibleYAML.list(hosts))
          gather_facts: false
          any_errors_fatal: true
          tasks:

        """
    }
}
