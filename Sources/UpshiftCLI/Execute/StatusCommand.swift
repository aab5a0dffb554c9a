import Foundation
import ArgumentParser
import UpshiftExecution

/// `upshift status`: a compact table of phases and hosts (or every unit), from the journal.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the latest run: phases and hosts (steps done/total, failed, running, elapsed).",
        discussion: "Reads only the journal (safe while `apply` runs).\n\nExamples:\n  upshift status\n  upshift status --units\n  upshift status --output json")
    @Option(help: "text or json") var output: TextOrJSON = .text
    @Flag(help: "List every unit of every host, and the version matrix.") var units = false
    @OptionGroup var state: StateOptions

    func run() async throws {
        var report = try ReportCommand.load(state)
        let now = Date()
        report.summary = StatusTable(report, now: now)
        Console.out(output == .json ? ReportFormat.json.render(report) : StatusText.render(report, units: units, now: now))
    }
}

/// `upshift report`: what ran, when, where, how long; failures, retries, pauses, final versions.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report the latest run for change management or CI.",
        discussion: """
        The HTML report is one self-contained page (no network fetches): a timeline of phases, batches and
        hosts with the point of no return marked, API availability lanes from the workload probe with each
        outage tied to the steps running then, failures with their output, versions before and after, and
        the plan's decisions.

        Examples:
          upshift report
          upshift report --output html -o report.html
          upshift report --output markdown > upgrade.md
          upshift report --output junit > upgrade.xml
        """)
    @Option(help: "text, json, markdown, junit or html") var output: ReportOutput = .text
    @Option(name: .shortAndLong, help: "Write the report to this file (- or nothing: standard output).") var outputFile: String?
    @Flag(help: "Also list every failed workload probe call (text and markdown).") var verbose = false
    @OptionGroup var state: StateOptions

    enum ReportOutput: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, junit, html }

    func run() async throws {
        let report = try Self.load(state)
        let text = ReportFormat(rawValue: output.rawValue)!.render(report, verbose: verbose)
        if let outputFile {
            try OutputFile.write(text + "\n", to: outputFile)
            if outputFile != "-" { Console.err("wrote the \(output.rawValue) report to \(outputFile)") }
        } else {
            Console.out(text)
        }
    }

    static func load(_ state: StateOptions) throws -> RunReport {
        let journal = try state.openJournal(create: false, readOnly: true)
        do {
            guard let run = try journal.latestRun() else { throw JournalRules.noRun }
            return RunReport(run: run, units: try journal.units(of: run.id), events: try journal.events(of: run.id),
                             probe: try journal.probe(of: run.id), undos: try journal.undos(of: run.id))
        } catch { throw ExecuteErrors.map(error, journal: state.journalPath) }
    }
}
