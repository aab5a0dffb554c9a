import Foundation
import Testing

/// Ctrl-C of the real `upshift` executable against a 1+1+2 lab over real OpenSSH, sent the way a
/// terminal sends it (SIGINT to upshift's process group; its ssh children run in groups of their
/// own), in both ssh modes (persistent sessions, and one ssh per command).
/// 1. One Ctrl-C during a 3 s schema sync (the lab's `slow-sync` fault): the sync finishes, nothing
///    new starts, upshift exits 1 with the resume hint, the journal shows the run interrupted and no
///    unit running.
/// 2. `resume`, stopped mid-batch while the neutron package upgrade hangs on net-01 (`hangs` fault)
///    and has finished on the other hosts: the first Ctrl-C lets the hung command run, the second
///    stops it; the unit is recorded `interrupted`, no ssh process is left.
/// 3. With the fault cleared, `resume` completes: the cloud and the journal's final states equal an
///    uninterrupted run's, and only the stopped unit ran twice.
/// 4. A Ctrl-C during apply's pre-run discovery: exit 130 at once, nothing run or recorded.
@Suite("Ctrl-C of the real upshift: running steps finish, a second Ctrl-C stops them, resume ends like an uninterrupted run", .serialized)
struct InterruptCLITests {
    static let sync = "nova/db-sync@ctl-01"
    static let batch = "neutron/upgrade-packages@4-hosts"
    static let letFinish = "Ctrl-C: letting running steps finish (Ctrl-C again to stop them now)"

    @Test("Ctrl-C mid-sync, then Ctrl-C twice mid-batch, then resume: same cloud and final journal as an uninterrupted run",
          .timeLimit(.minutes(3)), arguments: ["session", "per-command"])
    func ctrlCThenResume(sshMode: String) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build the upshift executable first: \(CLIProcess.binary)")
        let lab = try await CLILab()
        defer { lab.down() }
        let reference = try await CrashResumeCLITests.uninterrupted(lab)
        try lab.restore()
        try await lab.labCLI(["fault", "add", "--host", "ctl-01", "--kind", "slow-sync", "--match", "nova"])
        try await lab.labCLI(["fault", "add", "--host", "net-01", "--kind", "hangs", "--match", "yum -d1 -y upgrade -- '*neutron*'"])
        let state = lab.root + "/state-ctrlc"
        let hint = "interrupted: running steps finished or were recorded as interrupted; continue with `upshift resume --state \(state)`"

        try await oneCtrlCMidSync(lab, state: state, hint: hint, sshMode: sshMode)
        // `resume` takes the ssh mode from inputs.json (what apply used).
        try await twoCtrlCsMidBatch(lab, state: state, hint: hint)

        try await lab.labCLI(["fault", "clear"])
        let resume = try await CLIProcess.run(lab.resumeArgs(state: state), scratch: lab.root)
        #expect(resume.status == 0, "resume after the interrupts: \(resume.stderr.suffix(800))")
        let status = try await StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "completed")
        #expect(status.finalStates == reference.states, "journal differs: \(CrashResumeCLITests.difference(status.finalStates, reference.states))")
        let cloud = try lab.cloud()
        #expect(cloud == reference.cloud, "cloud differs: \(CrashResumeCLITests.difference(cloud, reference.cloud))")
        let again = status.units.filter { $0.attempts != 1 }.map { "\($0.step) \($0.host) \($0.attempts)" }
        #expect(again == ["\(Self.batch) net-01 2"], "only the unit the second Ctrl-C stopped ran again")
        #expect(status.eventKinds.filter { $0 == "interrupted" }.count == 2 && !status.eventKinds.contains("stale-lock"),
                "two interrupts, each released its lock: \(status.eventKinds)")
        #expect(lab.logCount(host: "ctl-01", "nova-manage db sync") == 1, "the interrupted sync was not run again")
    }

    /// Ctrl-C while apply checks the hosts before the run (its discovery hangs on ctl-01's `rpm -qa`):
    /// upshift stops at once with exit 130 and says nothing ran; no run is recorded, no ssh is left,
    /// and no command but discovery's reads reached a host.
    @Test("Ctrl-C during apply's pre-run discovery: exit 130 at once, nothing run or recorded, no ssh left",
          .timeLimit(.minutes(2)), arguments: ["session", "per-command"])
    func ctrlCDuringDiscovery(sshMode: String) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build the upshift executable first: \(CLIProcess.binary)")
        let lab = try await CLILab()
        defer { lab.down() }
        try await lab.labCLI(["fault", "add", "--host", "ctl-01", "--kind", "hangs", "--match", "rpm -qa"])
        let state = lab.root + "/state-discovery"
        let out = lab.root + "/ctrlc-discovery.jsonl"
        let p = try CLIProcess.start(lab.applyArgs(state: state) + ["--ssh-mode", sshMode], stdout: out, stderr: out + ".err")
        try #require(await CLIProcess.waitFor(p, text: "against the plan (discovery", in: out + ".err", timeout: 30),
                     "apply started its discovery: \(CLIProcess.text(out + ".err").suffix(800))")
        try await Task.sleep(for: .seconds(2))
        #expect(p.isRunning, "discovery hangs on ctl-01's rpm -qa")
        try CLIProcess.ctrlC(p)
        try await Self.exits(p, within: 10, "Ctrl-C during discovery stops upshift at once")
        #expect(p.terminationReason == .exit && p.terminationStatus == 130, "exit 130, not killed by the signal (\(p.terminationStatus))")
        let err = CLIProcess.text(out + ".err")
        #expect(err.contains("interrupted (Ctrl-C) while checking the hosts before the run") && err.contains("nothing was run on any host"), "says so: \(err.suffix(600))")
        #expect(!CLIProcess.events(out).contains { $0["kind"] as? String == "unit-started" }, "no unit started")
        let status = try await CLIProcess.run(["status", "--state", state], scratch: lab.root)
        #expect(status.status != 0 && status.stderr.contains("no run in this state directory"), "no run recorded: \(status.stderr)")
        #expect(await Self.noSSHLeft(lab), "no ssh process of this apply outlives it")
        let log = CLIProcess.text(lab.dir + "/commands.log").split(separator: "\n")
        #expect(log.contains { $0.contains("cat /etc/redhat-release") }, "discovery reached the hosts: \(log.prefix(3))")
        let writes = ["yum ", " stop", " start", "mv -f", "db sync", "db_sync", "chkconfig", "mysqldump", "nova service-"]
        let changed = log.filter { line in writes.contains { line.contains($0) } }
        #expect(changed.isEmpty, "only discovery's reads reached the hosts: \(changed.prefix(5))")
    }

    /// One Ctrl-C 1 s into the 3 s nova schema sync: it finishes, nothing new starts, exit 1 with the hint.
    func oneCtrlCMidSync(_ lab: CLILab, state: String, hint: String, sshMode: String) async throws {
        let out = lab.root + "/ctrlc-apply.jsonl"
        let p = try CLIProcess.start(lab.applyArgs(state: state) + ["--ssh-mode", sshMode], stdout: out, stderr: out + ".err")
        try #require(await CLIProcess.waitFor(p, events: out, timeout: 60) { Self.started($0, Self.sync, on: "ctl-01") },
                     "apply reached the nova sync: \(CLIProcess.text(out + ".err").suffix(800))")
        try await Task.sleep(for: .seconds(1))
        try CLIProcess.ctrlC(p)
        #expect(await CLIProcess.waitFor(p, text: Self.letFinish, in: out + ".err"), "the first Ctrl-C says what it does")
        let before = CLIProcess.events(out).count
        try await Self.exits(p, within: 15, "exited once the sync had finished")
        #expect(p.terminationReason == .exit && p.terminationStatus == 1, "exit 1, not killed by the signal (\(p.terminationStatus))")
        #expect(CLIProcess.text(out + ".err").contains(hint), "the resume hint: \(CLIProcess.text(out + ".err").suffix(600))")
        let after = CLIProcess.events(out).dropFirst(before)
        #expect(!after.contains { $0["kind"] as? String == "unit-started" }, "nothing started after Ctrl-C: \(after)")
        #expect(after.contains { $0["kind"] as? String == "unit-finished" && $0["step"] as? String == Self.sync && $0["state"] as? String == "succeeded" },
                "the running sync finished after Ctrl-C")
        // With --output json the stream ends with the error object (issue 18: errors as JSON); the last event is the run's end.
        let lastEvent = after.last { $0["kind"] != nil }
        #expect(lastEvent?["kind"] as? String == "run-finished" && lastEvent?["state"] as? String == "interrupted", "the last events: \(after.suffix(3))")
        #expect((after.last?["diagnostics"] as? [[String: Any]])?.first?["id"] as? String == "apply.interrupted", "the error object ends the stream")

        let status = try await StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "interrupted")
        #expect(status.units(in: "running").isEmpty && status.units(in: "interrupted").isEmpty && status.units(in: "failed").isEmpty,
                "running: \(status.units(in: "running")), interrupted: \(status.units(in: "interrupted")), failed: \(status.units(in: "failed"))")
        #expect(status.units.contains { $0.step == Self.sync && $0.state == "succeeded" && $0.attempts == 1 })
        #expect(status.units(in: "pending").count > 30, "the rest of the run is left for resume")
        #expect(try lab.state.databases["nova"] == "233", "the sync that was running finished on the host")
        #expect(await Self.noSSHLeft(lab), "no ssh process of this run outlives it")
    }

    /// `resume`, then two Ctrl-Cs while the neutron package upgrade hangs on net-01 (done on the other
    /// three hosts): the first lets it run, the second stops it and it is recorded interrupted.
    func twoCtrlCsMidBatch(_ lab: CLILab, state: String, hint: String) async throws {
        let out = lab.root + "/ctrlc-resume.jsonl"
        let p = try CLIProcess.start(lab.resumeArgs(state: state), stdout: out, stderr: out + ".err")
        let othersDone = { (events: [[String: Any]]) in
            Self.started(events, Self.batch, on: "net-01") && ["ctl-01", "cmp-01", "cmp-02"].allSatisfy { host in
                events.contains { $0["kind"] as? String == "unit-finished" && $0["step"] as? String == Self.batch && $0["host"] as? String == host }
            }
        }
        try #require(await CLIProcess.waitFor(p, events: out, timeout: 60, othersDone),
                     "resume reached the neutron upgrade: \(CLIProcess.text(out + ".err").suffix(800))")
        try await Task.sleep(for: .seconds(1))
        let midBatch = try await StatusView(state: state, scratch: lab.root)
        let batch = midBatch.units.filter { $0.step == Self.batch }.map { "\($0.host) \($0.state)" }.sorted()
        #expect(batch == ["cmp-01 succeeded", "cmp-02 succeeded", "ctl-01 succeeded", "net-01 running"], "mid-batch: \(batch)")

        try CLIProcess.ctrlC(p)
        #expect(await CLIProcess.waitFor(p, text: Self.letFinish, in: out + ".err"), "the first Ctrl-C says what it does")
        let before = CLIProcess.events(out).count
        try await Task.sleep(for: .milliseconds(1500))
        #expect(p.isRunning, "the first Ctrl-C lets the running command go on")
        let waiting = try await StatusView(state: state, scratch: lab.root)
        #expect(waiting.units(in: "running") == ["\(Self.batch) net-01"], "still running after the first Ctrl-C: \(waiting.units(in: "running"))")

        try CLIProcess.ctrlC(p)
        try await Self.exits(p, within: 10, "the second Ctrl-C stops the hung command at once")
        #expect(p.terminationReason == .exit && p.terminationStatus == 1, "exit 1, not killed by the signal (\(p.terminationStatus))")
        #expect(CLIProcess.text(out + ".err").contains(hint), "the resume hint: \(CLIProcess.text(out + ".err").suffix(600))")
        let after = CLIProcess.events(out).dropFirst(before)
        #expect(!after.contains { $0["kind"] as? String == "unit-started" }, "nothing started after Ctrl-C: \(after)")
        #expect(after.contains { $0["kind"] as? String == "unit-finished" && $0["host"] as? String == "net-01" && $0["state"] as? String == "interrupted" },
                "the stopped unit is reported interrupted: \(after)")

        let status = try await StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "interrupted")
        #expect(status.units(in: "running").isEmpty, "no unit left running: \(status.units(in: "running"))")
        #expect(status.units(in: "interrupted") == ["\(Self.batch) net-01"] && status.units(in: "failed").isEmpty,
                "interrupted: \(status.units(in: "interrupted")), failed: \(status.units(in: "failed"))")
        let stopped = status.units.first { $0.step == Self.batch && $0.host == "net-01" }
        #expect(stopped?.message.contains("second Ctrl-C") == true, "says why: \(stopped?.message ?? "")")
        #expect(await Self.noSSHLeft(lab), "no ssh process of this run outlives it")
    }

    /// Waits for the process to end; one that does not within `seconds` is SIGKILLed and the test stops.
    static func exits(_ p: Process, within seconds: TimeInterval, _ what: String) async throws {
        let end = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < end { try? await Task.sleep(for: .milliseconds(20)) }
        if p.isRunning { _ = await CLIProcess.kill9(p) }
        try #require(p.terminationReason == .exit, "\(what): still running after \(Int(seconds)) s")
    }

    static func started(_ events: [[String: Any]], _ step: String, on host: String) -> Bool {
        events.contains { $0["kind"] as? String == "unit-started" && $0["step"] as? String == step && $0["host"] as? String == host }
    }

    /// No ssh client to this lab is left (they are given `-F LAB/ssh_config`); a closing one gets 5 s.
    static func noSSHLeft(_ lab: CLILab) async -> Bool {
        let end = Date().addingTimeInterval(5)
        while Date() < end {
            if ProcTable.pids(whereCommandLineContains: "-F \(lab.dir)/ssh_config").isEmpty { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
