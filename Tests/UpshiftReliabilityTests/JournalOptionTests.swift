import Foundation
import Testing

/// The hidden benchmarking option `apply --journal memory` (docs/journal.md): absent from the help,
/// present in the hidden help, and only `sqlite` or `memory`.
@Suite("apply --journal memory is hidden and benchmarking only")
struct JournalOptionTests {
    @Test("hidden from `apply --help`, listed by `--help-hidden`, other values refused as usage errors")
    func hiddenOption() async throws {
        let scratch = NSTemporaryDirectory()
        let help = try await CLIProcess.run(["apply", "--help"], scratch: scratch)
        #expect(help.status == 0 && help.stdout.contains("--state") && !help.stdout.contains("--journal"), "\(help.stdout)")
        let hidden = try await CLIProcess.run(["apply", "--help-hidden"], scratch: scratch)
        #expect(hidden.stdout.contains("--journal <journal>") && hidden.stdout.contains("sqlite, memory"), "\(hidden.stdout)")
        let wrong = try await CLIProcess.run(["apply", "plan.json", "--journal", "none"], scratch: scratch)
        #expect(wrong.status == 64, "a usage error: \(wrong.stderr)")
    }
}
