import ArgumentParser
import Foundation
import UpshiftModel
import UpshiftPlanning

/// `upshift export ansible PLAN -o DIR`: hand a plan to Ansible (docs/ansible.md).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a plan in another tool's form (Ansible).",
        discussion: "\(UpshiftExit.helpText)", subcommands: [Ansible.self])

    struct Ansible: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ansible", abstract: "Write an Ansible inventory and a playbook that run a plan's steps with apply's exact commands.",
            discussion: """
            DIR gets inventory.yml (hosts, one group per role, the ssh options apply uses), playbook.yml
            (the steps in plan order, one play per phase and batch, the point of no return as a prompt),
            plan.json (the plan, which the config edits read) and action_plugins/upshift_config_edit.py
            (config edits by the file protocol and upshift's lossless editor on the control node).
            No secret is written: config edits resolve {{secret:NAME}} when they run, from
            UPSHIFT_SECRET_<NAME> on the control node, as apply does. The inputs are checked as apply
            checks them (exit 3 when the inventory or pack changed since the plan was made).
            Examples:
              upshift export ansible plan.json -o ansible/
              ansible-playbook -i ansible/inventory.yml ansible/playbook.yml -e upshift_binary=$(command -v upshift)

            \(UpshiftExit.helpText)
            """)
        @Argument(help: "The plan file written by `upshift plan -o`.") var plan: String
        @Option(name: [.short, .customLong("output-dir")], help: "The directory to write (created with mode 0700 when missing).") var outputDir: String
        @OptionGroup var inputs: InputOptions

        func run() async throws {
            let (plan, hash) = try ExecuteInputs.readPlan(self.plan)
            let loaded = try ExecuteInputs.load(plan: plan, planHash: hash, options: inputs)
            let answerFile = loaded.inventory.secrets?.answerFile
            let (playbook, problems) = AnsiblePlaybook.render(plan, inventory: loaded.inventory, pack: loaded.pack, platforms: loaded.platformSet,
                                                              options: .init(planSource: (self.plan as NSString).lastPathComponent, answerFile: answerFile))
            if !problems.isEmpty { throw CLIFailure(problems, code: UpshiftExit.failure) }
            let sshConfig = loaded.sshConfig.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
            let inventory = AnsibleInventory.render(loaded.inventory, sshConfig: sshConfig, source: loaded.inventory.name)
            try OutputDirectory.prepare(outputDir)
            let plugins = OutputDirectory.file(outputDir, "action_plugins")
            try OutputDirectory.prepare(plugins)
            try OutputFile.write(inventory, to: OutputDirectory.file(outputDir, "inventory.yml"), newFileMode: 0o600)
            try OutputFile.write(playbook, to: OutputDirectory.file(outputDir, "playbook.yml"), newFileMode: 0o600)
            try OutputFile.write(try InputFiles.readText(self.plan, maxBytes: 1 << 30), to: OutputDirectory.file(outputDir, "plan.json"), newFileMode: 0o600)
            try OutputFile.write(AnsibleActionPlugin.source, to: OutputDirectory.file(plugins, AnsibleActionPlugin.fileName), newFileMode: 0o600)
            Console.err("wrote \(outputDir)/: inventory.yml, playbook.yml (\(plan.steps.count) steps), plan.json, action_plugins/\(AnsibleActionPlugin.fileName)")
            Console.err("run: ansible-playbook -i \(outputDir)/inventory.yml \(outputDir)/playbook.yml")
        }
    }
}
