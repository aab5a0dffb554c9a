import Foundation
import Testing
@testable import UpshiftLab

/// `upshift export ansible` run by a real `ansible-playbook` (ansible-core, scripts/prereqs) against
/// the lab over real OpenSSH ends in the same cloud as `upshift apply` of the same plan on the same
/// fresh lab: packages, daemons, config files, database schemas. No lab secret is in the export, and
/// none reached a command line. In scripts/test's serial group (it starts a lab).
@Suite(.serialized) struct AnsibleEndToEndTests {
    typealias E = CLIUpgradeEndToEndTests

    /// The lab as the upgrade leaves it, without what differs by run (backup names, pids, logs, times).
    struct Final: Equatable {
        var databases: [String: String]
        var hosts: [String: [String: String]]
    }

    static func final(_ dir: String) throws -> Final {
        let state = try E.labState(dir)
        var hosts: [String: [String: String]] = [:]
        for h in state.hosts {
            var facts: [String: String] = [:]
            for (name, version) in h.packages { facts["package " + name] = version }
            for (name, d) in h.daemons { facts["daemon " + name] = "\(d.state) enabled=\(d.enabled) code=\(d.codeVersion ?? "-")" }
            for (path, f) in h.files where !path.contains(".upshift-") && !path.hasPrefix("/var/lib/upshift/") && !path.hasPrefix("/var/cache/") {
                facts["file " + path] = "\(f.mode) \(f.owner):\(f.group)\n" + normalized(f.content, state)
            }
            hosts[h.name] = facts
        }
        return Final(databases: state.databases, hosts: hosts)
    }

    /// Each fresh lab makes new secrets and a new services tenant id: named, not compared by value.
    static func normalized(_ text: String, _ state: LabState) -> String {
        var out = text.replacingOccurrences(of: state.servicesTenantID, with: "<services tenant id>")
        for (name, value) in state.secrets.sorted(by: { $0.value.count > $1.value.count }) { out = out.replacingOccurrences(of: value, with: "<secret \(name)>") }
        return out
    }

    static func differences(_ a: Final, _ b: Final) -> [String] {
        var out = a.databases == b.databases ? [] : ["databases: \(a.databases) vs \(b.databases)"]
        for host in Set(a.hosts.keys).union(b.hosts.keys).sorted() {
            let x = a.hosts[host] ?? [:], y = b.hosts[host] ?? [:]
            for key in Set(x.keys).union(y.keys).sorted() where x[key] != y[key] {
                let xl = (x[key] ?? "absent").split(separator: "\n"), yl = (y[key] ?? "absent").split(separator: "\n")
                out.append("\(host) \(key): ansible has \(xl.filter { !yl.contains($0) }), apply has \(yl.filter { !xl.contains($0) })")
            }
        }
        return out
    }

    static var ansiblePlaybook: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/ansible-playbook" }
        return paths.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs ansible-playbook in `dir` (output to a file), with the lab's answer file as the only secret source.
    static func playbook(_ dir: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(ansiblePlaybook, "ansible-playbook is not installed: run scripts/prereqs"))
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("UPSHIFT_SECRET_") }
        env["ANSIBLE_NOCOLOR"] = "1"
        p.environment = env
        let log = dir + "/ansible-\(UUID().uuidString.prefix(6)).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardError = p.standardOutput
        p.standardInput = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// The name of the playbook's point-of-no-return prompt task.
    static func pointOfNoReturnTask(_ dir: String) throws -> String? {
        let text = try String(contentsOfFile: dir + "/ansible/playbook.yml", encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("- name: \"point of no return before") }) else { return nil }
        return String(line.split(separator: "\"", omittingEmptySubsequences: false)[1])
    }

    /// The same lab (same addresses, keys and inventory) back at its starting state.
    static func freshLab(_ dir: String) throws {
        let down = try E.cli(["lab", "down", "--dir", dir])
        try #require(down.status == 0, "lab down: \(down.stderr)")
        let up = try E.cli(["lab", "up", "--controllers", "1", "--network", "1", "--computes", "2", "--dir", dir, "--fresh", "--octet", "97"])
        try #require(up.status == 0, "lab up --fresh: \(up.stderr)")
    }

    @Test("ansible-playbook of the export reaches the state upshift apply reaches; no secret in the export; the point of no return needs a yes", .timeLimit(.minutes(3)))
    func sameFinalStateAsApply() async throws {
        try await E.withLab(octet: 97) { dir in
            let plan = try E.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0, "plan: \(plan.stderr)")
            let export = try E.cli(["export", "ansible", dir + "/plan.json", "-o", dir + "/ansible", "--inventory", dir + "/inventory.yaml"])
            try #require(export.status == 0, "export: \(export.stderr)")
            let secrets = try E.labState(dir).secrets.values.filter { $0.count >= 6 }
            for name in ["inventory.yml", "playbook.yml", "plan.json", "action_plugins/upshift_config_edit.py"] {
                let text = try String(contentsOfFile: dir + "/ansible/" + name, encoding: .utf8)
                #expect(!secrets.contains { text.contains($0) }, "a lab secret is in \(name)")
            }
            let run = ["-i", "ansible/inventory.yml", "ansible/playbook.yml", "-e", "upshift_binary=\(LabSSHEndToEndTests.binary)"]
            let apply = try E.cli(["apply", dir + "/plan.json", "--inventory", dir + "/inventory.yaml", "--state", dir + "/state", "--yes"])
            try #require(apply.status == 0, "apply: \(apply.stderr.suffix(3000))")
            let byApply = try Self.final(dir)

            // No terminal and no -e: the prompt reads nothing, and nothing past the point of no return runs.
            let commands = try String(contentsOfFile: dir + "/commands.log", encoding: .utf8)
            let ponr = try #require(try Self.pointOfNoReturnTask(dir), "the playbook has a point-of-no-return prompt")
            let (refused, refusedLog) = try Self.playbook(dir, run + ["--start-at-task", ponr])
            #expect(refused != 0 && refusedLog.contains("the point of no return was not confirmed"), "\(refusedLog.suffix(1500))")
            #expect(try String(contentsOfFile: dir + "/commands.log", encoding: .utf8) == commands, "nothing ran on a host")

            try Self.freshLab(dir)
            let (status, log) = try Self.playbook(dir, run + ["-e", "upshift_cross_point_of_no_return=true"])
            try #require(status == 0, "ansible-playbook: \(log.suffix(3000))")
            #expect(log.contains("changed: [cmp-01]") && log.contains("migrate-config /etc/nova/nova.conf"), "config edits ran through the plugin")
            try E.expectIcehouseWithEventsOn(dir)
            let leaks = try E.labState(dir).secretLeaks
            #expect(leaks.isEmpty, "a secret reached a command line: \(leaks)")
            let differences = Self.differences(try Self.final(dir), byApply)
            #expect(differences.isEmpty, "ansible and apply differ:\n\(differences.prefix(20).joined(separator: "\n"))")
        }
    }
}
