import Foundation
import Testing

extension FaultTests {
    /// One run through three launches, one fault each (one lab run for both faults, to keep CI short):
    /// the state directory is a 4 MB tmpfs (we run as root; without the right to mount, the test says
    /// so and checks nothing). Full before `apply`: it refuses naming the journal, no command reaches a
    /// host. Launch 1 (`apply`): the disk fills mid-run; apply records everything or stops naming the
    /// journal, and nothing runs after. Launch 2 (`resume`, the default session mode): every ssh
    /// session process of upshift is SIGKILLed while cmp-01's nova package upgrade hangs in one. Launch 3: every ssh master of upshift is SIGKILLed;
    /// launch 4: their sockets are removed (launches 3 and 4 with `--ssh-mode per-command`, the mode
    /// that has masters). A command caught by a lost master or session fails with the exact message; the
    /// others reconnect. Then `resume` finishes the upgrade.
    @Test("full journal disk, then lost ssh masters: recorded stops with exact messages, nothing run unrecorded; resume finishes",
          .timeLimit(.minutes(5)))
    func fullDiskAndLostMasters() async throws {
        let lab = try await CLILab(computes: 1)
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
        let refused = try await CLIProcess.run(lab.applyArgs(state: state), scratch: lab.root)
        #expect(refused.status != 0 && refused.stderr.contains(journal) && refused.stderr.contains("full"), "refused, naming the journal: \(refused.stderr)")
        #expect(CLIProcess.text(lab.dir + "/commands.log").isEmpty, "no command reached a host")
        for f in (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? [] { try FileManager.default.removeItem(atPath: state + "/" + f) }

        var injected: [String] = [], runningAtStops: [String] = []
        for launch in 1...6 {
            let out = lab.root + "/launch-\(launch).jsonl"
            let args = launch == 1 ? lab.applyArgs(state: state) : lab.resumeArgs(state: state) + (launch == 3 || launch == 4 ? ["--ssh-mode", "per-command"] : [])
            // Launch 2 kills the sessions while a command is surely in flight on one (cmp-01's nova
            // package upgrade hangs): killing idle sessions only makes them reconnect, and the launch
            // could then finish the run, leaving no launch for the masters faults.
            if launch == 2 { try await lab.labCLI(["fault", "add", "--host", "cmp-01", "--kind", "hangs", "--match", Self.hungInLaunch2]) }
            let p = try CLIProcess.start(args, stdout: out, stderr: out + ".err")
            let ready: ([[String: Any]]) -> Bool = launch == 2
                ? { InterruptCLITests.started($0, "nova/upgrade-packages@cmp-01", on: "cmp-01") }
                : { $0.count >= (launch == 1 ? 30 : 12) }
            if launch <= 4, await CLIProcess.waitFor(p, events: out, ready) {
                if launch == 2 { try await Task.sleep(for: .milliseconds(500)) }
                injected.append(await Self.inject(launch, into: p, state: state))
                if launch == 2 { try await lab.labCLI(["fault", "clear"]) }
            }
            await CLIProcess.wait(p)
            let logAtStop = CLIProcess.text(lab.dir + "/commands.log"), stoppedAt = ISO8601DateFormatter().string(from: Date())
            if launch == 1 { try? FileManager.default.removeItem(atPath: state + "/filler") }
            if p.terminationStatus == 0 { break }
            let status = try await StatusView(state: state, scratch: lab.root)
            // A unit caught running, or failed by a lost connection (it may have run on the host), may run once more.
            runningAtStops += status.units(in: "running")
                + status.units.filter { $0.state == "failed" && $0.message.contains("connection-lost") }.map { "\($0.step) \($0.host)" }
            Self.checkStop(launch, status: status, stderr: CLIProcess.text(out + ".err"), journal: journal)
            // Commands in flight at the stop may still finish on the host (and be logged there): at most
            // one per unit the journal shows running, or failed with a lost connection ("whether it ran
            // on the host is unknown"). Nothing the journal does not know about reaches a host.
            try await Task.sleep(for: .milliseconds(1500))
            let later = CLIProcess.text(lab.dir + "/commands.log").dropFirst(logAtStop.count).split(separator: "\n")
            let inFlight = status.units.filter { $0.state == "running" || $0.state == "failed" && $0.message.contains("connection-lost") }
            #expect(later.count <= inFlight.count,
                    "after launch \(launch) stopped (\(stoppedAt)): \(later.map { $0.prefix(90) }), in flight: \(inFlight.map(\.step))")
        }
        let final = try await StatusView(state: state, scratch: lab.root)
        #expect(final.runState == "completed" && final.units.allSatisfy { $0.state == "succeeded" }, "after \(injected)")
        #expect(try lab.state.databases["nova"] == "233")
        #expect(injected.contains { $0.hasPrefix("killed") && $0.hasSuffix("masters") && !$0.hasPrefix("killed 0") }, "the masters fault was injected (\(injected))")
        #expect(injected.contains { $0.hasPrefix("killed") && $0.hasSuffix("sessions") && !$0.hasPrefix("killed 0") }, "the sessions fault was injected (\(injected))")
        for (unit, command) in CrashResumeCLITests.syncs {
            let allowed = 1 + runningAtStops.filter { $0 == "\(unit) ctl-01" }.count
            #expect((1...allowed).contains(lab.logCount(host: "ctl-01", command)), "\(command) ran at most \(allowed) times")
        }
        print("fullDiskAndLostMasters: \(injected)")
    }
}

extension FaultTests {
    static let hungInLaunch2 = "yum -d1 -y upgrade -- '*nova*'"

    /// Launch 1: fill the disk. Launch 2: SIGKILL upshift's ssh session processes (its `ssh` children).
    /// Launch 3: SIGKILL upshift's ssh masters. Launch 4: remove their sockets.
    static func inject(_ launch: Int, into p: Process, state: String) async -> String {
        if launch == 1 { fill(state); return "disk full" }
        if launch == 2 {
            let pids = ProcTable.children(of: p.processIdentifier).filter { ProcTable.commandLine($0).hasPrefix("/usr/bin/ssh") }
            for pid in pids { kill(pid, SIGKILL) }
            return "killed \(pids.count) sessions"
        }
        let dir = await controlDirectory(of: p.processIdentifier) ?? "/nonexistent"
        if launch == 3 {
            let pids = ProcTable.pids(whereCommandLineContains: "ssh: \(dir)/")
            for pid in pids { kill(pid, SIGKILL) }
            return "killed \(pids.count) masters"
        }
        let sockets = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return "removed \(sockets.filter { (try? FileManager.default.removeItem(atPath: dir + "/" + $0)) != nil }.count) sockets"
    }

    /// A stopped launch: the disk-full stop names the journal; a lost master fails its units as
    /// `HOST: connection-lost: …` with ssh's own line or, when ssh said nothing, the transport's.
    static func checkStop(_ launch: Int, status: StatusView, stderr: String, journal: String) {
        if launch == 1 {
            #expect(stderr.contains(journal) && stderr.contains("database or disk is full"), "stopped naming the journal: \(stderr.suffix(400))")
            return
        }
        let failed = status.units.filter { $0.state == "failed" }
        #expect(!failed.isEmpty, "launch \(launch) stopped with failed units: \(stderr.suffix(400))")
        // Either ssh said why (`mux_client_request_alive: write packet: Broken pipe`), or it exited 255 silently.
        let silent = "the ssh master connection ended during the command (exit 255, no message); whether it ran on the host is unknown"
        let session = "the ssh session ended before the command finished (ssh exit "
        for f in failed {
            let prefix = "\(f.host): connection-lost: "
            #expect(f.message == prefix + silent || f.message.hasPrefix(prefix + silent + " (editing /etc/") || f.message.hasPrefix(prefix) && (f.message.contains("Broken pipe") || f.message.hasPrefix(prefix + session)),
                    "the exact lost-connection message: \(f.message)")
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

    /// The private ControlPath directory of an upshift process: from the `-o ControlPath=DIR/%C` of its ssh children.
    static func controlDirectory(of upshift: Int32) async -> String? {
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            for child in ProcTable.children(of: upshift) {
                let words = ProcTable.commandLine(child).split(separator: " ")
                if let w = words.first(where: { $0.hasPrefix("ControlPath=") }), w.hasSuffix("/%C") {
                    return String(w.dropFirst("ControlPath=".count).dropLast(3))
                }
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
