import Foundation
import Testing
@testable import UpshiftCLI

/// `resume` and `rollback` reach the hosts the way `apply` did: the ssh config and the ssh mode
/// apply was given are remembered in `DIR/inputs.json`; an explicit option on resume wins.
@Suite struct RememberedInputsTests {
    func stateDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-remembered-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// What `apply ARGS` writes, read back the way `resume RESUME-ARGS` reads it: the mode resume uses.
    func modeOnResume(apply: [String], resume: [String]) throws -> (SSHModeArgument, RememberedInputs?) {
        let dir = try stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let applied = try ApplyCommand.parse(["plan.json", "--state", dir] + apply)
        try RememberedInputs(applying: applied.inputs, inventory: "/lab/inventory.yaml").write(applied.state)
        let resumed = try ResumeCommand.parse(["--state", dir] + resume)
        let remembered = RememberedInputs.read(resumed.state)
        return (ExecuteInputs.sshMode(options: resumed.inputs, remembered: remembered), remembered)
    }

    @Test("apply --ssh-mode per-command, then resume without it: per-command, with the ssh config")
    func resumeKeepsPerCommand() throws {
        let (mode, remembered) = try modeOnResume(apply: ["--ssh-mode", "per-command", "--ssh-config", "/lab/ssh_config"], resume: [])
        #expect(mode == .perCommand)
        #expect(remembered?.sshConfig == "/lab/ssh_config" && remembered?.inventory == "/lab/inventory.yaml")
    }

    @Test("an explicit --ssh-mode on resume (or rollback) overrides the remembered one")
    func explicitModeWins() throws {
        #expect(try modeOnResume(apply: ["--ssh-mode", "per-command"], resume: ["--ssh-mode", "session"]).0 == .session)
        #expect(try modeOnResume(apply: [], resume: ["--ssh-mode", "per-command"]).0 == .perCommand)
        let dir = try stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let applied = try ApplyCommand.parse(["plan.json", "--state", dir, "--ssh-mode", "per-command"])
        try RememberedInputs(applying: applied.inputs, inventory: "/lab/inventory.yaml").write(applied.state)
        let rollback = try RollbackCommand.parse(["--state", dir])
        #expect(ExecuteInputs.sshMode(options: rollback.inputs, remembered: RememberedInputs.read(rollback.state)) == .perCommand)
    }

    @Test("apply without --ssh-mode remembers session")
    func defaultIsSession() throws {
        let (mode, remembered) = try modeOnResume(apply: [], resume: [])
        #expect(mode == .session && remembered?.sshMode == "session")
    }

    @Test("an inputs.json written before the mode was remembered (or with a mode this upshift does not know) still reads: session")
    func oldFileReadsAsSession() throws {
        let dir = try stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = try ResumeCommand.parse(["--state", dir])
        for json in [#"{"inventory":"/lab/inventory.yaml","sshConfig":"/lab/ssh_config"}"#,
                     #"{"inventory":"/lab/inventory.yaml","sshConfig":"/lab/ssh_config","sshMode":"carrier-pigeon"}"#] {
            try Data(json.utf8).write(to: URL(fileURLWithPath: RememberedInputs.path(state.state)))
            let remembered = try #require(RememberedInputs.read(state.state), "\(json)")
            #expect(remembered.sshConfig == "/lab/ssh_config")
            #expect(ExecuteInputs.sshMode(options: state.inputs, remembered: remembered) == .session)
        }
    }
}
