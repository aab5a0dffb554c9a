import Foundation
import Testing

extension FaultTests {
    /// One run through three launches, one fault each (one lab run for both faults, to keep CI short):
    /// the state directory is a 4 MB tmpfs (we run as root; without the right to mount, the test says
    /// so and checks nothing). Full before `apply`: it refuses naming the journal, no command reaches a
    /// host. Launch 1 (`apply`): the disk fills mid-run; apply records everything or stops naming the
    /// journal, and nothing runs after. Launch 2 (`resume`): every ssh master of upshift is SIGKILLed;
    /// launch 3: their sockets are removed. A command caught by a lost master fails with the exact
    /// message; the others reconnect. Then `resume` finishes the upgrade.
    @Test("full journal disk, then lost ssh masters: recorded stops with exact messages, nothing run unrecorded; resume finishes",
          .timeLimit(.minutes(5)))
    func fullDiskAndLostMasters() throws {
        let lab = try CLILab(computes: 1)
        defer { lab.down() }
        let state = lab.root + "/state", journal = lab.root + "/state/journal.sqlite"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let mount = Self.system("/bin/mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", state])
        guard mount.status == 0 else {
            print("SKIPPED fullDiskAndLostMasters: cannot mount a tmpfs here (\(mount.output.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = Self.system("/bin/umount", ["-l", state]) }

        Self.fill(state)
        let refused = try CLIProcess.run(lab.applyArgs(state: state), scratch: lab.root)
        #expect(refused.status != 0 && refused.stderr.contains(journal) && refused.stderr.contains("full"), "refused, naming the journal: \(refused.stderr)")
        #expect(CLIProcess.text(lab.dir + "/commands.log").isEmpty, "no command reached a host")
        for f in (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? [] { try FileManager.default.removeItem(atPath: state + "/" + f) }

        var injected: [String] = [], runningAtStops: [String] = [], masters = 0, sockets = 0
        for launch in 1...5 {
            let out = lab.root + "/launch-\(launch).jsonl"
            let p = try CLIProcess.start(launch == 1 ? lab.applyArgs(state: state) : lab.resumeArgs(state: state), stdout: out, stderr: out + ".err")
            if launch <= 3, CLIProcess.waitFor(p, events: out, { $0.count >= (launch == 1 ? 30 : 12) }) {
                switch launch {
                case 1: Self.fill(state); injected.append("disk full")
                case 2:
                    let dir = Self.controlDirectory(of: p.processIdentifier) ?? "/nonexistent"
                    let pids = ProcTable.pids(whereCommandLineContains: "ssh: \(dir)/")
                    for pid in pids { kill(pid, SIGKILL) }
                    masters += pids.count; injected.append("masters killed")
                default:
                    let dir = Self.controlDirectory(of: p.processIdentifier) ?? "/nonexistent"
                    for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where (try? FileManager.default.removeItem(atPath: dir + "/" + f)) != nil {
                        sockets += 1
                    }
                    injected.append("sockets removed")
                }
            }
            p.waitUntilExit()
            let stderr = CLIProcess.text(out + ".err"), logAtStop = CLIProcess.text(lab.dir + "/commands.log")
            if launch == 1 { try? FileManager.default.removeItem(atPath: state + "/filler") }
            if p.terminationStatus == 0 { break }
            let status = try StatusView(state: state, scratch: lab.root)
            runningAtStops += status.units(in: "running")
            if launch == 1 {
                #expect(stderr.contains(journal) && stderr.contains("database or disk is full"), "stopped naming the journal: \(stderr.suffix(400))")
                usleep(500_000)
                #expect(CLIProcess.text(lab.dir + "/commands.log") == logAtStop, "nothing ran after the journal could not record")
            } else {
                let failed = status.units.filter { $0.state == "failed" }
                #expect(!failed.isEmpty, "launch \(launch) stopped with failed units: \(stderr.suffix(400))")
                for f in failed {
                    #expect(f.message == "\(f.host): connection-lost: the ssh master connection ended during the command (exit 255, no message); whether it ran on the host is unknown",
                            "the exact lost-connection message: \(f.message)")
                }
            }
        }
        let final = try StatusView(state: state, scratch: lab.root)
        #expect(final.runState == "completed" && final.units.allSatisfy { $0.state == "succeeded" }, "after \(injected)")
        #expect(try lab.state.databases["nova"] == "233")
        #expect(masters > 0, "the masters fault was injected (\(injected))")
        for (unit, command) in CrashResumeCLITests.syncs {
            let allowed = 1 + runningAtStops.filter { $0 == "\(unit) ctl-01" }.count
            #expect((1...allowed).contains(lab.logCount(host: "ctl-01", command)), "\(command) ran at most \(allowed) times")
        }
        print("fullDiskAndLostMasters: \(injected), \(masters) masters killed, \(sockets) sockets removed")
    }
}

extension FaultTests {
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

    /// The private ControlPath directory of an upshift process: from the `-o ControlPath=DIR/%C` of its ssh children.
    static func controlDirectory(of upshift: Int32) -> String? {
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            for child in ProcTable.children(of: upshift) {
                let words = ProcTable.commandLine(child).split(separator: " ")
                if let w = words.first(where: { $0.hasPrefix("ControlPath=") }), w.hasSuffix("/%C") {
                    return String(w.dropFirst("ControlPath=".count).dropLast(3))
                }
            }
            usleep(5_000)
        }
        return nil
    }
}
