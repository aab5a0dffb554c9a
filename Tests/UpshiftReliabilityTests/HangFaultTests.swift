import Foundation
import Testing
import UpshiftCLI
import UpshiftJournalSQLite
import UpshiftModel
import UpshiftPlanning
import UpshiftSSH
@testable import UpshiftExecution

/// Faults over real sshd, each: recorded state + exact message, nothing lost, `resume` (the CLI)
/// finishes after the fault is cleared.
@Suite("Faults: a hung command, a full journal disk, a lost ssh master")
struct FaultTests {
    /// A command that hangs (lab fault `hangs`) past its timeout: the executor of `apply` over
    /// OpenSSH with the SQLite journal. The production timeouts (10 min to 1 h per command, by
    /// action) are shortened to 5 s for the hung command only, at the transport seam.
    @Test("a command hanging past its timeout is killed and recorded failed with the exact message; resume finishes", .timeLimit(.minutes(4)))
    func hungCommand() async throws {
        let lab = try await CLILab(computes: 1)
        defer { lab.down() }
        try await lab.labCLI(["fault", "add", "--host", "cmp-01", "--kind", "hangs", "--match", "yum -d1 -y upgrade"])
        let planText = CLIProcess.text(lab.planPath)
        let plan = try PlanCodec.decode(planText, sourceName: lab.planPath)
        let pack = try #require(InputFuzzTests.pack)
        let inventory = try InventoryLoader.load(text: CLIProcess.text(lab.dir + "/inventory.yaml"), sourceName: "inventory.yaml",
                                                 validator: InventoryValidator(pack: pack)).inventory
        let ssh = try OpenSSHTransport(options: .init(configFile: lab.dir + "/ssh_config"))
        let transport = ShortTimeoutTransport(inner: ssh, host: "cmp-01", match: "yum -d1 -y upgrade", timeout: .seconds(5))
        let performer = TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                                               renderer: PlanCommandRendering(inventory: inventory, pack: pack, platforms: try PlatformLibrary.allBuiltins()),
                                               configEditor: RemoteConfigEditPerformer(pack: pack),
                                               secrets: SecretStore(environment: [:], answerFile: CLIProcess.text(lab.dir + "/answers.txt")))
        let state = lab.root + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let journal = try SQLiteJournal(path: state + "/journal.sqlite")
        let executor = Executor(journal: journal, performer: performer, sink: FanOutEventSink([]), confirmer: FixedConfirmer(true),
                                owner: LockOwner(pid: getpid()), isAlive: { _ in true })
        let summary = try await executor.apply(plan, planHash: InputHash.sha256(planText), options: RunOptions(parallel: 4, assumeYes: true))
        await transport.shutdown()
        guard case .failed(let failed, _) = summary.end else { Issue.record("expected a failed run, got \(summary.end)"); return }
        #expect(failed.map(\.host) == ["cmp-01"], "\(failed)")
        let units = try journal.units(of: summary.run)
        let hung = try #require(units.first { $0.state == .failed })
        #expect(hung.message == "cmp-01: timeout: no result within 5.0 seconds; the ssh session was killed", "\(hung.message ?? "nil")")
        let held = hung.endedAt.flatMap { end in hung.startedAt.map { end.timeIntervalSince($0) } } ?? -1
        #expect(held >= 5 && held < 60, "the hung command was stopped at its timeout, not after its hour (\(held) s)")
        #expect(units.allSatisfy { $0.state != .running }, "nothing is left running: every started unit has its outcome")
        #expect(try journal.latestRun()?.state == .failed)

        try await lab.labCLI(["fault", "clear"])
        let resumed = try await CLIProcess.run(["resume", "--yes", "--state", state, "--inventory", lab.dir + "/inventory.yaml",
                                          "--ssh-config", lab.dir + "/ssh_config"], scratch: lab.root)
        #expect(resumed.status == 0, "resume after the fault cleared: \(resumed.stderr.suffix(600))")
        let status = try await StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "completed" && status.units.allSatisfy { $0.state == "succeeded" })
        #expect(status.units.first { $0.step == hung.unit.step.rawValue && $0.host == "cmp-01" }?.attempts == 2)
        #expect(try lab.state.databases["nova"] == "233")
        #expect(try lab.state.hosts.allSatisfy { h in !h.packages.values.contains { $0.hasPrefix("2013.2") } }, "every host is on Icehouse")
    }
}

/// OpenSSH with one command's timeout shortened: the commands on `host` that contain `match`.
struct ShortTimeoutTransport: HostTransport {
    let inner: OpenSSHTransport
    let host: String
    let match: String
    let timeout: Duration

    func run(_ command: RemoteCommand, on target: HostTarget) async throws(TransportError) -> CommandResult {
        var command = command
        if target.name.rawValue == host && command.script.contains(match) { command.timeout = timeout }
        return try await inner.run(command, on: target)
    }

    func shutdown() async { await inner.shutdown() }
}
