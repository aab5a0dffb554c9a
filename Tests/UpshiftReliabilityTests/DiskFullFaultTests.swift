import Foundation
import Testing

extension FaultTests {
    /// The state directory on a 4 MB tmpfs (we run as root; without the right to mount, the test
    /// says so and checks nothing). Full before `apply`: it refuses, naming the journal, and no
    /// command reaches a host. Filled mid-run: `apply` either records everything or stops with a
    /// message naming the journal; once space is freed, `resume` finishes the upgrade.
    @Test("a full journal disk: apply stops with a message naming the journal and runs nothing it cannot record; resume finishes",
          .timeLimit(.minutes(4)))
    func fullJournalDisk() throws {
        let lab = try CLILab()
        defer { lab.down() }
        let state = lab.root + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let mount = Self.system("/bin/mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", state])
        guard mount.status == 0 else {
            print("SKIPPED fullJournalDisk: cannot mount a tmpfs here (\(mount.output.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = Self.system("/bin/umount", ["-l", state]) }
        let journal = state + "/journal.sqlite"

        Self.fill(state)
        let refused = try CLIProcess.run(lab.applyArgs(state: state), scratch: lab.root)
        #expect(refused.status != 0 && refused.stderr.contains(journal), "refused, naming the journal: \(refused.stderr)")
        #expect(refused.stderr.contains("full"), "says the disk is full: \(refused.stderr)")
        #expect(CLIProcess.text(lab.dir + "/commands.log").isEmpty, "no command reached a host")

        for f in (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? [] { try FileManager.default.removeItem(atPath: state + "/" + f) }
        let out = lab.root + "/full.jsonl"
        let p = try CLIProcess.start(lab.applyArgs(state: state), stdout: out, stderr: out + ".err")
        #expect(CLIProcess.waitFor(p, events: out) { $0.count >= 30 }, "apply ran 30 events before the disk filled")
        Self.fill(state)
        p.waitUntilExit()
        let stderr = CLIProcess.text(out + ".err")
        let logAtStop = CLIProcess.text(lab.dir + "/commands.log")
        try FileManager.default.removeItem(atPath: state + "/filler")
        var runningAtStop: [String] = []
        if p.terminationStatus != 0 {
            #expect(stderr.contains(journal) && stderr.contains("full"), "stopped with a message naming the journal: \(stderr.suffix(500))")
            runningAtStop = try StatusView(state: state, scratch: lab.root).units(in: "running")
            usleep(500_000)
            #expect(CLIProcess.text(lab.dir + "/commands.log") == logAtStop, "nothing ran after the stop")
            let resumed = try CLIProcess.run(lab.resumeArgs(state: state), scratch: lab.root)
            #expect(resumed.status == 0, "resume after space was freed: \(resumed.stderr.suffix(600))")
        } else {
            print("fullJournalDisk: the journal recorded the whole run in the space it had (WAL pages reused)")
        }
        let status = try StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "completed" && status.units.allSatisfy { $0.state == "succeeded" })
        #expect(try lab.state.databases["nova"] == "233")
        for (unit, command) in CrashResumeCLITests.syncs {
            let allowed = runningAtStop.contains("\(unit) ctl-01") ? 2 : 1
            #expect((1...allowed).contains(lab.logCount(host: "ctl-01", command)), "\(command) ran at most \(allowed) times")
        }
    }

    /// Writes a file `filler` into `dir` until the file system refuses (ENOSPC).
    static func fill(_ dir: String) {
        let fd = open(dir + "/filler", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let block = [UInt8](repeating: 0x55, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Runs a system tool; its status and combined output.
    static func system(_ tool: String, _ args: [String]) -> (status: Int32, output: String) {
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = pipe; p.standardError = pipe
        do { try p.run() } catch { return (127, "\(tool): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
