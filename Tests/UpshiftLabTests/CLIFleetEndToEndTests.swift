import Foundation
import Testing
@testable import UpshiftLab
import UpshiftTestSupport

/// Fleet operations through the real CLI over real OpenSSH: the cloud lock between two state
/// directories on one cloud, `--break-lock`, and `--notify` to a local HTTP receiver.
@Suite(.serialized) struct CLIFleetEndToEndTests {
    typealias E = CLIUpgradeEndToEndTests

    /// A local HTTP receiver (python3's http.server): appends each POST body as a line to `file`,
    /// answers 500 to the first `failFirst` requests, then 200. Returns its port and process.
    static func receiver(_ file: String, failFirst: Int) throws -> (Int, Process) {
        let script = """
            import http.server, sys
            fails = int(sys.argv[2])
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    global fails
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    with open(sys.argv[1], 'ab') as f: f.write(body + b'\\n')
                    self.send_response(500 if fails > 0 else 200); self.end_headers()
                    fails -= 1
                def log_message(self, *a): pass
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            print(s.server_port, flush=True)
            s.serve_forever()
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, file, String(failFirst)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        return (port, p)
    }

    static func posted(_ file: String) -> [[String: Any]] {
        ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test("two state directories on one cloud: the second is refused naming the first; --break-lock takes over and is journaled; --notify posts the run's milestones", .timeLimit(.minutes(3)))
    func lockAndNotify() async throws {
        try await E.withLab(octet: 95) { dir in
            let plan = try E.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0)
            let hooks = dir + "/posted.jsonl"
            let (port, server) = try Self.receiver(hooks, failFirst: 1)
            // SIGKILL: the child inherits the test runner's blocked signals, so SIGTERM would wait forever.
            defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
            let inputs = ["--inventory", dir + "/inventory.yaml", "--ssh-config", dir + "/ssh_config"]
            let a = try E.cli(["apply", dir + "/plan.json", "--state", dir + "/a", "--pause-after", "prepare",
                               "--notify", "http://127.0.0.1:\(port)/hook/SECRET-TOKEN"] + inputs)
            #expect(a.status == 0, "apply a: \(a.stderr.suffix(1500))")
            let kinds = Self.posted(hooks).compactMap { $0["kind"] as? String }
            #expect(kinds == ["run-started", "run-started", "phase-started", "paused", "run-finished"], "the first POST got a 500 and was retried: \(kinds)")
            #expect(try SchemaCheck.problems("events", text: String(contentsOfFile: hooks, encoding: .utf8), lines: true) == [],
                    "a notification is a line of the event stream")
            let log = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""

            let b = try E.cli(["apply", dir + "/plan.json", "--state", dir + "/b", "--pause-after", "prepare"] + inputs)
            #expect(b.status == 3, "apply b: \(b.stderr.suffix(800))")
            #expect(b.stderr.contains("the cloud is locked by run 1 of \(dir)/a on ") && b.stderr.contains("--break-lock"), "\(b.stderr.suffix(800))")
            let after = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""
            #expect(!after.dropFirst(log.count).contains("yum"), "nothing ran for b")

            let broken = try E.cli(["apply", dir + "/plan.json", "--state", dir + "/b", "--pause-after", "prepare", "--break-lock"] + inputs)
            #expect(broken.status == 0, "apply b --break-lock: \(broken.stderr.suffix(1500))")
            let report = try E.cli(["report", "--state", dir + "/b", "--output", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let events = try #require(json["events"] as? [[String: Any]])
            #expect(events.contains { $0["kind"] as? String == "lock-broken" && ($0["detail"] as? String)?.contains("from run 1 of \(dir)/a on ") == true },
                    "\(events.map { $0["kind"] ?? "" })")

            let resumeA = try E.cli(["resume", "--state", dir + "/a"] + inputs)
            #expect(resumeA.status == 3 && resumeA.stderr.contains("the cloud is locked by run 1 of \(dir)/b on "), "\(resumeA.stderr.suffix(800))")
            #expect(!((try? String(contentsOfFile: dir + "/a/journal.sqlite", encoding: .isoLatin1)) ?? "").contains("SECRET-TOKEN"), "the webhook URL is not journaled")
        }
    }

    @Test("--window shorter than the first phase's forecast stops before it: nothing runs, the run is paused and says what is left", .timeLimit(.minutes(2)))
    func windowTooShort() async throws {
        try await E.withLab(octet: 95) { dir in
            let plan = try E.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0)
            let apply = try E.cli(["apply", dir + "/plan.json", "--state", dir + "/s", "--yes", "--window", "1s", "--inventory", dir + "/inventory.yaml",
                                   "--ssh-config", dir + "/ssh_config"])
            #expect(apply.status == 0, "\(apply.stderr.suffix(1500))")
            #expect(apply.stderr.contains("stopped before phase prepare: its forecast ") && apply.stderr.contains("(declared in the pack) would end after the deadline"),
                    "\(apply.stderr.suffix(1500))")
            #expect(apply.stderr.contains("; left: ") && apply.stderr.contains("continue with `upshift resume --state \(dir)/s`"), "\(apply.stderr.suffix(800))")
            let log = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""
            #expect(!log.contains("yum -d1") && !log.contains("--downloadonly"), "nothing of the plan ran")
            let report = try E.cli(["report", "--state", dir + "/s", "--output", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            #expect(json["state"] as? String == "paused")
            #expect((json["events"] as? [[String: Any]])?.contains { $0["kind"] as? String == "window-closed" } == true)
            #expect(try SchemaCheck.problems("report", text: report.stdout) == [])
        }
    }
}
