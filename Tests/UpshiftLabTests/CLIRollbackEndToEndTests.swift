import Foundation
import Testing
@testable import UpshiftLab
import UpshiftTestSupport

/// `rollback` through the real CLI over real OpenSSH: previewed, confirmed, failed in the middle by
/// an injected fault, journaled, and resumed to the pre-upgrade state. ctl-01's glance-api.conf is a
/// symlink (issue 17 item 12): the apply edits its target and the rollback restores it, the link stays.
@Suite(.serialized) struct CLIRollbackEndToEndTests {
    typealias E = CLIUpgradeEndToEndTests

    @Test("dry-run lists the undos; without a terminal or --yes it refuses; a fault fails it mid-way; resume ends at Havana", .timeLimit(.minutes(4)))
    func failedRollbackResumes() async throws {
        try await E.withLab(octet: 91) { dir in
            let plan = try E.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0)
            let (link, target) = ("/etc/glance/glance-api.conf", "/etc/glance/real/glance-api.conf")
            let made = try Self.ssh(dir, "ctl-01", "mv \(link) \(target) && ln -s real/glance-api.conf \(link)")
            try #require(made.status == 0, "\(made.stderr)")
            let before = try E.labState(dir)
            let common = ["--inventory", dir + "/inventory.yaml", "--ssh-config", dir + "/ssh_config", "--state", dir + "/state"]
            let apply = try E.cli(["apply", dir + "/plan.json", "--yes", "--pause-after", "glance"] + common)
            try #require(apply.status == 0, "apply: \(apply.stderr.suffix(2000))")
            let applied = try #require(try E.labState(dir).host("ctl-01"))
            #expect(applied.files[link]?.link == "real/glance-api.conf", "the apply kept \(link) a link")
            #expect(applied.files[target]?.content != before.host("ctl-01")?.files[target]?.content, "the apply edited the link's target")

            let dry = try E.cli(["rollback", "--dry-run"] + common)
            #expect(dry.status == 0, "dry-run: \(dry.stderr.suffix(1000))")
            let lines = dry.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("Rollback of run 1 to the start: ") == true, "\(dry.stdout.prefix(400))")
            let repo = try #require(lines.firstIndex { $0.contains("$ ") && $0.contains("rpm -q -- rdo-release-icehouse") }, "\(dry.stdout.prefix(1500))")
            let downgrade = try #require(lines.firstIndex { $0.contains("$ ") && $0.contains("yum -d1 -y downgrade") }, "\(dry.stdout.prefix(1500))")
            #expect(repo < downgrade, "the repository comes back before the downgrade")
            let logBefore = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""
            let refused = try E.cli(["rollback"] + common)
            #expect(refused.status == 3 && refused.stderr.contains("rollback.not-confirmed"), "\(refused.stderr.suffix(500))")
            let logAfter = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""
            #expect(!logAfter.dropFirst(logBefore.count).contains("downgrade"), "nothing was undone without confirmation")

            #expect(try E.cli(["lab", "fault", "add", "--dir", dir, "--host", "ctl-01", "--kind", "command-fails", "--match", "downgrade"]).status == 0)
            let failed = try E.cli(["rollback", "--yes"] + common)
            #expect(failed.status == 1 && failed.stderr.contains("`upshift resume --state \(dir)/state` continues the rollback"), "\(failed.stderr.suffix(1500))")
            let status = try E.cli(["status", "--state", dir + "/state", "--output", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            #expect(json["state"] as? String == "rollback-failed")
            #expect(try SchemaCheck.problems("status", text: status.stdout) == [])
            let undos = try #require(json["undos"] as? [[String: Any]])
            #expect(undos.contains { $0["state"] as? String == "failed" && ($0["undo"] as? String)?.contains("downgrade") == true })
            let text = try E.cli(["status", "--state", dir + "/state"]).stdout
            #expect(text.contains("ctl-01: rollback failed at "), "\(text.prefix(600))")

            #expect(try E.cli(["lab", "fault", "clear", "--dir", dir]).status == 0)
            let resume = try E.cli(["resume"] + common)
            #expect(resume.status == 0, "resume: \(resume.stderr.suffix(1500))")
            let after = try E.labState(dir)
            #expect(after.databases == before.databases)
            #expect(after.host("ctl-01")?.files[link]?.link == "real/glance-api.conf", "the rollback kept \(link) a link")
            #expect(after.host("ctl-01")?.files[target]?.content == before.host("ctl-01")?.files[target]?.content, "the rollback restored the target")
            for (h0, h1) in zip(before.hosts, after.hosts) {
                #expect(h1.packages.filter { $0.key != "yum-plugin-downloadonly" } == h0.packages, "\(h1.name)")
                #expect(h1.daemons.mapValues(\.state) == h0.daemons.mapValues(\.state), "\(h1.name)")
            }
            let done = try E.cli(["status", "--state", dir + "/state", "--output", "json"])
            let final = try #require(try JSONSerialization.jsonObject(with: Data(done.stdout.utf8)) as? [String: Any])
            #expect(final["state"] as? String == "rolled-back")
            #expect(try SchemaCheck.problems("status", text: done.stdout) == [])
            let report = try E.cli(["report", "--state", dir + "/state"]).stdout
            #expect(report.contains("0 failed, 0 left") && report.contains("rolled back ("), "\(report.prefix(1200))")
        }
    }

    /// Runs `script` on a lab host through real ssh with the lab's ssh_config.
    static func ssh(_ dir: String, _ host: String, _ script: String) throws -> CLIUpgradeEndToEndTests.Run {
        let p = Process(), err = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        p.arguments = ["-F", dir + "/ssh_config", host, script]
        p.standardInput = FileHandle.nullDevice; p.standardOutput = FileHandle.nullDevice; p.standardError = err
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return .init(status: p.terminationStatus, stdout: "", stderr: stderr)
    }
}
