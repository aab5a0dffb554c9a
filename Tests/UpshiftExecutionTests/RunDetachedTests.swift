import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// The venv platforms' `run-detached` wrapper, run for real under /bin/sh on this machine (in a
/// private directory instead of /var/lib/upshift/units): the command survives the death of the shell
/// that started it (as it survives a SIGKILLed upshift and its ssh session), and sending the same
/// key again attaches to that run, with its output and status, instead of starting a second one.
@Suite(.serialized) struct RunDetachedTests {
    let dir: String = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-detached-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    /// The platform's wrapper around `command` under `key`, its unit files moved to `dir`.
    func wrapper(_ platform: String, _ command: String, key: String) throws -> String {
        let script = try #require(CloudFixture.platforms.platform(named: platform)?.script(.runDetached, ["command": .word(command), "key": .word(key)]))
        return script.replacingOccurrences(of: "/var/lib/upshift/units", with: dir)
    }

    /// The platform's `run-detached-done` for `key` (what upshift runs once it has the result).
    func acknowledge(_ platform: String, key: String) throws {
        let script = try #require(CloudFixture.platforms.platform(named: platform)?.script(.runDetachedDone, ["key": .word(key)]))
            .replacingOccurrences(of: "/var/lib/upshift/units", with: dir)
        #expect(try runToEnd(script).status == 0)
    }

    func start(_ script: String) throws -> (Process, Pipe) {
        let p = Process(), out = Pipe()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, out)
    }

    func runToEnd(_ script: String) throws -> (status: Int32, output: String) {
        let (p, out) = try start(script)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test(arguments: ["venv-supervisord", "venv-systemd"])
    func itPassesOutputAndStatusThrough(platform: String) throws {
        let r = try runToEnd(try wrapper(platform, "echo out; echo err >&2; exit 3", key: "k1"))
        #expect(r.status == 3)
        #expect(r.output == "out\n")
        #expect(try !FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "the result stays until upshift has it")
        try acknowledge(platform, key: "k1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "run-detached-done removes it")
    }

    @Test func aKilledCallerLeavesTheCommandRunningAndTheNextCallAttaches() throws {
        let runs = dir + "/runs"
        let command = "echo started >>\(runs); sleep 1.5; echo finished >>\(runs); echo result; exit 7"
        let script = try wrapper("venv-supervisord", command, key: "r1-0-nova_db-sync-ctl-01-0")
        let (first, _) = try start(script)
        var waited = 0
        while lines(runs).isEmpty, waited < 100 { usleep(50_000); waited += 1 }
        #expect(lines(runs) == ["started"])
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        // The caller is gone; a second call with the same key must not start the command again.
        let second = try runToEnd(script)
        #expect(second.status == 7)
        #expect(second.output == "result\n")
        #expect(lines(runs) == ["started", "finished"], "the command ran once, to its end")
        // Sent again before upshift acknowledged it: the same result, not a second run.
        #expect(try runToEnd(script).status == 7)
        #expect(lines(runs) == ["started", "finished"])
        // Acknowledged: the same key now starts a new run.
        try acknowledge("venv-supervisord", key: "r1-0-nova_db-sync-ctl-01-0")
        let third = try runToEnd(script)
        #expect(third.status == 7)
        #expect(lines(runs) == ["started", "finished", "started", "finished"])
    }

    @Test func aResultNobodyReadIsReadByTheNextCall() throws {
        let runs = dir + "/runs2"
        let script = try wrapper("venv-supervisord", "sleep 0.5; echo ran >>\(runs); echo done", key: "k3")
        let (first, _) = try start(script)
        var waited = 0
        while !FileManager.default.fileExists(atPath: dir + "/k3.pid"), waited < 100 { usleep(50_000); waited += 1 }
        kill(first.processIdentifier, SIGKILL)   // the caller dies while the command runs
        first.waitUntilExit()
        waited = 0
        while !FileManager.default.fileExists(atPath: dir + "/k3.rc"), waited < 100 { usleep(50_000); waited += 1 }
        #expect(FileManager.default.fileExists(atPath: dir + "/k3.rc"), "the command ended on its own, its result unread")
        let again = try runToEnd(script)
        #expect(again.status == 0)
        #expect(again.output == "done\n")
        #expect(lines(runs) == ["ran"], "read, not run again")
    }

    /// The wrapper whose caller died (its ssh channel closed) outlives it, waiting for the command;
    /// when it ends, that orphan must not take the result from the resume that attaches meanwhile.
    @Test func anOrphanedWrapperLeavesTheResultToTheResume() throws {
        let runs = dir + "/runs4"
        let script = try wrapper("venv-supervisord", "sleep 0.5; echo ran >>\(runs); echo result", key: "k4")
        let (orphan, out) = try start(script)
        try out.fileHandleForReading.close()         // its channel is gone
        var waited = 0
        while !FileManager.default.fileExists(atPath: dir + "/k4.pid"), waited < 100 { usleep(50_000); waited += 1 }
        let resumed = try runToEnd(script)            // attaches while the command runs
        orphan.waitUntilExit()
        #expect(resumed.status == 0)
        #expect(resumed.output == "result\n")
        let late = try runToEnd(script)               // and once more after the orphan ended
        #expect(late.output == "result\n")
        #expect(lines(runs) == ["ran"])
    }

    @Test func thePerformerWrapsRunCommandsOnlyOnPlatformsThatHaveIt() throws {
        let hosts = [Host(name: HostName("v"), address: "v", platform: "venv-supervisord", release: "2024.2", roles: ["controller"]),
                     Host(name: HostName("e"), address: "e", platform: "el7", release: "havana", roles: ["controller"])]
        let inventory = Inventory(name: "t", settings: CloudSettings(services: ["nova"]), hosts: hosts)
        let rendering = PlanCommandRendering(inventory: inventory, pack: try CloudFixture.pack(), platforms: CloudFixture.platforms)
        #expect(rendering.detached("true", key: "k", on: HostName("v"))?.run.contains("setsid /bin/sh -c") == true)
        #expect(rendering.detached("true", key: "k", on: HostName("v"))?.done?.contains("rm -f /var/lib/upshift/units/k.pid") == true)
        #expect(rendering.detached("true", key: "k", on: HostName("e")) == nil)
    }
}
