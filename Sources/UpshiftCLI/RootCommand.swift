import ArgumentParser
import Foundation
import UpshiftModel

/// The `upshift` command.
public struct Upshift: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "upshift",
        abstract: "Plan, check, execute and verify an OpenStack release upgrade (RDO Havana → Icehouse).",
        discussion: """
        A typical journey:
          upshift inventory import --packstack answers.txt -o inventory.yaml
          upshift check --inventory inventory.yaml
          upshift plan --inventory inventory.yaml --method live -o plan.json
          upshift apply plan.json

        \(UpshiftExit.helpText)
        """,
        version: UpshiftVersion.current,
        subcommands: Upshift.subcommandTypes
    )
    public init() {}
}

/// Runs the CLI and maps every failure to a diagnostic and a documented exit code.
public enum UpshiftMain {
    public static func main() async {
        do {
            var command = try Upshift.parseAsRoot()
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
        } catch let f as CLIFailure {
            Console.report(f.diagnostics)
            DiagnosticsJSON.emit(f.diagnostics, code: f.code)
            exit(f.code)
        } catch let e as InputError {
            Console.report(e.diagnostics)
            DiagnosticsJSON.emit(e.diagnostics, code: UpshiftExit.invalidInput)
            exit(UpshiftExit.invalidInput)
        } catch let e as ExitCode {
            exit(e.rawValue)
        } catch {
            let code = Upshift.exitCode(for: error)
            if code.rawValue == 0 || error is CleanExit { Upshift.exit(withError: error) }
            let message = Upshift.fullMessage(for: error)
            Console.err(message)
            let exitCode = code.rawValue == 1 ? UpshiftExit.failure : UpshiftExit.usage
            DiagnosticsJSON.emit([Diagnostic(id: exitCode == UpshiftExit.usage ? "cli.usage" : "cli.error", severity: .error,
                                             summary: message.split(separator: "\n").first.map(String.init) ?? message,
                                             detail: message.contains("\n") ? message : nil, fix: "upshift help")], code: exitCode)
            exit(exitCode)
        }
    }
}
