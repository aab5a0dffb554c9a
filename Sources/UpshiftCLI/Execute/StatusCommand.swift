import ArgumentParser
import UpshiftExecution

/// `upshift status`: phase, per-host per-step states and the version matrix, from the journal.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the latest run: phase, per-host step states, versions.",
        discussion: "Reads only the journal (safe while `apply` runs).\n\nExamples:\n  upshift status\n  upshift status --output json")
    @Option(help: "text or json") var output: TextOrJSON = .text
    @OptionGroup var state: StateOptions

    func run() async throws {
        let report = try ReportCommand.load(state)
        Console.out(output == .json ? ReportFormat.json.render(report) : StatusText.render(report))
    }
}

/// `upshift report`: what ran, when, where, how long; failures, retries, pauses, final versions.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report the latest run for change management or CI.",
        discussion: "Examples:\n  upshift report\n  upshift report --output markdown > upgrade.md\n  upshift report --output junit > upgrade.xml")
    @Option(help: "text, json, markdown or junit") var output: ReportOutput = .text
    @OptionGroup var state: StateOptions

    enum ReportOutput: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, junit }

    func run() async throws {
        let report = try Self.load(state)
        Console.out(ReportFormat(rawValue: output.rawValue)!.render(report))
    }

    static func load(_ state: StateOptions) throws -> RunReport {
        let journal = try state.openJournal(create: false)
        do {
            guard let run = try journal.latestRun() else { throw JournalRules.noRun }
            return RunReport(run: run, units: try journal.units(of: run.id), events: try journal.events(of: run.id),
                             probe: try journal.probe(of: run.id), undos: try journal.undos(of: run.id))
        } catch { throw ExecuteErrors.map(error) }
    }
}
