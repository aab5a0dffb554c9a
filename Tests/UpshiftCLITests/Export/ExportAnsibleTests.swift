import ArgumentParser
import Foundation
import Testing
import UpshiftModel
@testable import UpshiftPlanning
@testable import UpshiftCLI
import UpshiftTestSupport

/// `upshift export ansible`: the files it writes (goldens), where it writes them, and that no secret
/// gets into them. AnsibleEndToEndTests runs the playbook against the lab.
@Suite struct ExportAnsibleTests {
    static let inventory = """
        format_version: 1
        name: small
        settings: {networking: neutron, virt_type: kvm, services: [keystone, glance, cinder, nova, neutron, horizon]}
        defaults: {os: el6, release: havana, user: root}
        hosts:
          - {name: ctl-01, address: 192.0.2.10, roles: [controller, storage]}
          - {name: net-01, address: 192.0.2.20, roles: [network]}
          - {name: cmp-01, address: 192.0.2.101, roles: [compute]}
          - {name: cmp-02, address: 192.0.2.102, roles: [compute]}

        """

    static func dir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// A live plan of the small cloud in `d` (inventory `extra` appended), exported to `d/out`.
    static func export(_ d: String, extra: String = "") async throws -> (Int32, [Diagnostic]) {
        try (inventory + extra).write(toFile: d + "/inventory.yaml", atomically: true, encoding: .utf8)
        let plan = await InProcessCLI.run(["plan", "--inventory", d + "/inventory.yaml", "--method", "live", "-o", d + "/plan.json"])
        try #require(plan.code == 0, "plan: \(plan.diagnostics.map(\.oneLine))")
        return await InProcessCLI.run(["export", "ansible", d + "/plan.json", "-o", d + "/out", "--inventory", d + "/inventory.yaml"])
    }

    @Test func thePlaybookAndInventoryOfALivePlanMatchTheirGoldens() async throws {
        let d = try Self.dir()
        let (code, diagnostics) = try await Self.export(d)
        #expect(code == 0, "\(diagnostics.map(\.oneLine))")
        Golden.check(try String(contentsOfFile: d + "/out/playbook.yml", encoding: .utf8), "export-ansible-playbook.yml")
        Golden.check(try String(contentsOfFile: d + "/out/inventory.yml", encoding: .utf8), "export-ansible-inventory.yml")
        #expect(try String(contentsOfFile: d + "/out/plan.json", encoding: .utf8) == String(contentsOfFile: d + "/plan.json", encoding: .utf8))
        #expect(try String(contentsOfFile: d + "/out/action_plugins/upshift_config_edit.py", encoding: .utf8) == AnsibleActionPlugin.source)
        var st = stat()
        #expect(stat(d + "/out", &st) == 0 && st.st_mode & 0o777 == 0o700, "the directory is created private")
    }

    @Test func noSecretOfTheAnswerFileIsWritten() async throws {
        let d = try Self.dir()
        try "CONFIG_NOVA_KS_PW=answer-file-secret-4711\nCONFIG_KEYSTONE_ADMIN_PW=admin-secret-0815\n".write(toFile: d + "/answers.txt", atomically: true, encoding: .utf8)
        let (code, diagnostics) = try await Self.export(d, extra: "secrets: {answer_file: \(d)/answers.txt}\n")
        #expect(code == 0, "\(diagnostics.map(\.oneLine))")
        let files = try FileManager.default.subpathsOfDirectory(atPath: d + "/out").filter { !$0.hasSuffix("action_plugins") }
        #expect(files.count == 4)
        for f in files {
            let text = try String(contentsOfFile: d + "/out/" + f, encoding: .utf8)
            for secret in ["answer-file-secret-4711", "admin-secret-0815"] { #expect(!text.contains(secret), "\(secret) in \(f)") }
        }
        let playbook = try String(contentsOfFile: d + "/out/playbook.yml", encoding: .utf8)
        #expect(playbook.contains("answer_file: !unsafe \"\(d)/answers.txt\""), "the config edits read the answer file when they run")
    }

    @Test func aFileWhereTheDirectoryShouldBeIsRefusedWithExit64NamingIt() async throws {
        let d = try Self.dir()
        try "not a directory".write(toFile: d + "/out", atomically: true, encoding: .utf8)
        let (code, diagnostics) = try await Self.export(d)
        #expect(code == 64)
        #expect(diagnostics.first?.id == "output.not-a-directory" && diagnostics.first?.subject.location?.file == d + "/out")
        #expect(try String(contentsOfFile: d + "/out", encoding: .utf8) == "not a directory")
    }

    @Test func aChangedInventoryIsRefusedAsApplyRefusesIt() async throws {
        let d = try Self.dir()
        try Self.inventory.write(toFile: d + "/inventory.yaml", atomically: true, encoding: .utf8)
        #expect(await InProcessCLI.run(["plan", "--inventory", d + "/inventory.yaml", "--method", "live", "-o", d + "/plan.json"]).code == 0)
        try (Self.inventory + "# changed\n").write(toFile: d + "/inventory.yaml", atomically: true, encoding: .utf8)
        let r = await InProcessCLI.run(["export", "ansible", d + "/plan.json", "-o", d + "/out", "--inventory", d + "/inventory.yaml"])
        #expect(r.code == UpshiftExit.refused)
        #expect(!FileManager.default.fileExists(atPath: d + "/out"))
    }

    @Test func editStepRefusesAStepThePlanDoesNotHaveOrThatEditsNoConfig() async throws {
        let d = try Self.dir()
        try Self.inventory.write(toFile: d + "/inventory.yaml", atomically: true, encoding: .utf8)
        #expect(await InProcessCLI.run(["plan", "--inventory", d + "/inventory.yaml", "--method", "live", "-o", d + "/plan.json"]).code == 0)
        for step in ["nova/no-such-step@ctl-01", "nova/db-sync@ctl-01"] {
            let r = await InProcessCLI.run(["config", "edit-step", d + "/plan.json", "--step", step, "--host", "ctl-01", "--file", "/etc/nova/nova.conf"])
            #expect(r.code == 64 && r.diagnostics.first?.id == "config.edit-step.unknown", "\(step)")
        }
        let r = await InProcessCLI.run(["config", "edit-step", d + "/plan.json", "--step", "nova/migrate-nova.conf@cmp-01", "--host", "cmp-01",
                                "--file", "/etc/nova/nova.conf", "--pack", PlanCheckCommandTests.example("packs/acme-queue-3.1-3.2.yaml")])
        #expect(r.code == 3 && r.diagnostics.first?.id == "apply.drift.pack", "another pack than the plan's is refused before stdin is read")
    }

    @Test func theHelpMatchesItsGolden() {
        Golden.check(ExportCommand.Ansible.helpMessage(columns: 100), "export-ansible-help.txt")
    }
}

/// What Ansible does with the exported text: a `{{ … }}` in a command is passed on as text, never
/// evaluated (every command is `!unsafe`). Runs ansible-playbook on this machine (local connection).
@Suite struct ExportAnsibleTemplatingTests {
    @Test func aTemplateInACommandReachesTheHostAsText() async throws {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/ansible-playbook" }
        let ansible = try #require(paths.first { FileManager.default.isExecutableFile(atPath: $0) }, "ansible-playbook is not installed: run scripts/prereqs")
        let d = try ExportAnsibleTests.dir()
        let pack = try PackLibrary.load("havana-icehouse")
        let host = Host(name: "localhost", address: "127.0.0.1", platform: "el6", release: "havana", roles: ["controller"])
        let inventory = Inventory(name: "t", settings: CloudSettings(services: []), hosts: [host])
        var tasks = AnsibleTasks(placement: ServicePlacement(inventory: inventory, pack: pack), platforms: PlatformSet(), answerFile: nil)
        let command = "printf '%s\\n' '{{ 7*6 }}' \"{{ lookup('pipe', 'id') }}\" > \(d)/out"
        var params = StepParams()
        params.command = command
        let step = Step(id: "hook/t@localhost", phase: "p", action: .hook, hosts: ["localhost"], params: params, reversible: false)
        let playbook = "- hosts: [\"localhost\"]\n  gather_facts: false\n  tasks:\n" + tasks.tasks(for: step)
        try playbook.write(toFile: d + "/playbook.yml", atomically: true, encoding: .utf8)
        try "localhost ansible_connection=local\n".write(toFile: d + "/hosts", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ansible)
        p.arguments = ["-i", d + "/hosts", d + "/playbook.yml"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(try String(contentsOfFile: d + "/out", encoding: .utf8) == "{{ 7*6 }}\n{{ lookup('pipe', 'id') }}\n")
    }
}
