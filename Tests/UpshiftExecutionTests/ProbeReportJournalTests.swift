import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite
import UpshiftTestSupport

@Suite("The workload probe's figures in the journal and the report")
struct ProbeReportJournalTests {
    static var probe: ProbeReport {
        var boots = BootStatistics()
        boots.attempted = 12; boots.active = 12
        return ProbeReport(host: "ctl-01", durationSeconds: 95,
                           apis: [APIAvailability(api: .nova, calls: 40, failures: 2, unavailableSeconds: 4.5, longestOutageSeconds: 4.5)],
                           boots: boots, failedOperations: 2, failures: [])
    }

    @Test("a probe report attached to a run survives reopening and shows in text, Markdown and JSON reports")
    func attachAndReport() async throws {
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        let journal = try SQLiteJournal(path: path)
        let s = try await executor(journal, FakeHostsPerformer()).apply(PlanFixtures.cloud, planHash: "h", options: .init(assumeYes: true))
        #expect(try journal.probe(of: s.run) == nil)
        try journal.recordProbe(Self.probe, run: s.run)
        let reopened = try SQLiteJournal(path: path)
        let probe = try #require(try reopened.probe(of: s.run))
        #expect(probe == Self.probe)
        let report = RunReport(run: try reopened.latestRun()!, units: try reopened.units(of: s.run), events: [], probe: probe)
        #expect(ReportFormat.text.render(report).contains("  boots     12 attempted, 12 active, 0 failed, 0 refused by the API, 0 deleted"))
        #expect(ReportFormat.markdown.render(report).contains("| nova | 40 | 2 | 4.5s | 4.5s |"))
        #expect(ReportFormat.markdown.render(report).contains("- Instance boots: 12 attempted, **0 failed**"))
        let decoder = JSONDecoder(); decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(RunReport.self, from: Data(ReportFormat.json.render(report).utf8)).probe == Self.probe)
    }
}
