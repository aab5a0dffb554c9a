import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

@Suite("Probe results as outage intervals tied to the steps running then")
struct OutageReportTests {
    @Test("consecutive failed calls make one outage, from the first failure to the next good call")
    func intervals() {
        var state = ProbeState()
        for (t, ok) in [(0.0, true), (1, false), (2, false), (3, true), (4, false), (5, true)] { state.record(.nova, ok: ok, at: t) }
        let nova = state.availability([.nova], end: 6)[0]
        #expect(nova.outages == [ProbeOutage(fromSeconds: 1, toSeconds: 3, failedCalls: 2), ProbeOutage(fromSeconds: 4, toSeconds: 5, failedCalls: 1)])
        #expect(nova.unavailableSeconds == nova.outages.map(\.seconds).reduce(0, +))
    }

    @Test("an outage still going at the end runs to the end of the probe")
    func openEnded() {
        var state = ProbeState()
        for (t, ok) in [(0.0, true), (1, false)] { state.record(.keystone, ok: ok, at: t) }
        #expect(state.availability([.keystone], end: 7.5)[0].outages == [ProbeOutage(fromSeconds: 1, toSeconds: 7.5, failedCalls: 1)])
    }

    @Test("the report names the units that ran during each outage, in every format")
    func during() async throws {
        let r = try await ReportFixture.report()
        let nova = try #require(r.outages.first)
        #expect(r.outages.count == 1 && nova.api == .nova)
        #expect(nova.during == [OutageLine.Running(name: "nova/db-sync@ctl", hosts: 1)])
        #expect(ReportFormat.text.render(r).contains("nova API down \(ProbeReport.seconds(nova.seconds)) s, "))
        #expect(ReportFormat.text.render(r).contains("UTC, during `nova/db-sync@ctl`"))
        #expect(ReportFormat.markdown.render(r).contains("- nova API down"))
        #expect(ReportFormat.html.render(r).contains("<code>nova/db-sync@ctl</code>"))
        let json = try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(r).utf8)) as? [String: Any]
        let outages = try #require(json?["outages"] as? [[String: Any]])
        let during = try #require(outages.first?["during"] as? [[String: Any]])
        #expect(during.first?["name"] as? String == "nova/db-sync@ctl" && during.first?["hosts"] as? Int == 1)
    }

    @Test("units of one step running at once are one entry: the step on N hosts")
    func grouped() async throws {
        let r = try await ReportFixture.report()
        let at = try #require(r.units.first { $0.step == "computes/upgrade@batch-01" }?.startedAt)
        let running = RunReport.running(r.units, from: at, to: at.addingTimeInterval(60), end: r.updatedAt)
        #expect(running.contains(OutageLine.Running(name: "computes/upgrade@batch-01", hosts: 3)))
        #expect(OutageLine.list(running).contains("`computes/upgrade@batch-01` on 3 hosts"))
    }

    @Test("the per-call list only with --verbose")
    func verbose() async throws {
        let r = try await ReportFixture.report()
        #expect(!ReportFormat.text.render(r).contains("at 1 s: nova list"))
        #expect(ReportFormat.text.render(r).contains("--verbose lists them"))
        #expect(ReportFormat.text.render(r, verbose: true).contains(": nova list: exit 1: ERROR: Unable to establish connection"))
        #expect(ReportFormat.markdown.render(r, verbose: true).contains("### Failed calls"))
    }

    @Test("the text report, as a golden")
    func golden() async throws {
        Golden.check(ReportFormat.text.render(try await ReportFixture.report()), "report.txt")
    }
}
