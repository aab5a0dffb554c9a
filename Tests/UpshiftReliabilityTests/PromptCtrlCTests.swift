import Foundation
import Testing

/// The point-of-no-return prompt on a real terminal: `apply` without `--yes` runs on a pseudo-terminal
/// (pty-drive.py beside this file: the pty is its controlling terminal, as an operator's is) against a 1+1+1 lab
/// over real sshd; at "Cross it? [y/N]" the test types Ctrl-C. It must answer no: exit 3 (refused),
/// the run stopped before the point of no return with nothing of it run, the answer in the journal.
@Suite("Ctrl-C at the point-of-no-return prompt answers no", .serialized)
struct PromptCtrlCTests {
    static let driver = Reliability.root.appendingPathComponent("Tests/UpshiftReliabilityTests/pty-drive.py").path

    @Test("Ctrl-C at 'Cross it? [y/N]' on a terminal: not crossed, exit 3, the journal says declined", .timeLimit(.minutes(3)))
    func ctrlCAtThePrompt() async throws {
        let lab = try await CLILab(computes: 1)
        defer { lab.down() }
        let state = lab.root + "/state-prompt", transcript = lab.root + "/prompt.txt"
        let apply = lab.applyArgs(state: state).filter { $0 != "--yes" && $0 != "--output" && $0 != "json" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.driver, transcript, "Cross it? [y/N]", "\\x03", "--", CLIProcess.binary] + apply
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run()
        await CLIProcess.wait(p)
        let screen = CLIProcess.text(transcript)
        #expect(p.terminationStatus == 3, "exit 3 (refused: not confirmed), not \(p.terminationStatus): \(screen.suffix(1500))")
        #expect(screen.contains("Cross it? [y/N]") && screen.contains("Ctrl-C: not crossing the point of no return"))
        #expect(screen.contains("not confirmed: nothing past the point of no return ran"))
        let journal = try await StatusView(state: state, scratch: lab.root)
        #expect(journal.runState == "paused")
        #expect(journal.eventKinds.contains("declined"))
        #expect(!journal.units.contains { $0.step == InterruptCLITests.sync && $0.state != "pending" }, "the schema sync never started")
    }
}
