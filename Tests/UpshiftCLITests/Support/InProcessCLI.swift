import ArgumentParser
import UpshiftModel
@testable import UpshiftCLI

/// Runs an `upshift` command line in this process.
enum InProcessCLI {
    /// The exit code and the diagnostics the command ended with (64 for a usage error, else 1 for
    /// an error that is not a `CLIFailure`).
    static func run(_ args: [String]) async -> (code: Int32, diagnostics: [Diagnostic]) {
        do {
            var command = try Upshift.parseAsRoot(args)
            if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
            return (0, [])
        } catch let f as CLIFailure { return (f.code, f.diagnostics) }
        catch { return (Upshift.exitCode(for: error).rawValue == 64 ? 64 : 1, []) }
    }
}
