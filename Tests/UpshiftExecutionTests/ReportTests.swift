import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

@Suite("Reports and status from the journal")
struct ReportTests {
    typealias F = PlanFixtures

    static func report() async throws -> RunReport {
        var verify = F.step("nova/verify@computes", "computes", hosts: ["c1"], action: .verifyVersion)
        verify.service = "nova"
        var up = F.step("nova/upgrade@c1", "computes", hosts: ["c1", "c2"], action: .upgradePackages)
        up.service = "nova"
        verify.after = [up.id]
        let plan = F.plan([up, verify])
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer()
        hosts.faults[F.unit("nova/upgrade@c1", "c2")] = .fails("`yum -d1 -y upgrade '*nova*'` exited 1 on c2")
        _ = try await executor(journal, hosts).apply(plan, planHash: "h", options: .init(maxFailures: .count(1)))
        let run = try #require(try journal.latestRun())
        return RunReport(run: run, units: try journal.units(of: run.id), events: try journal.events(of: run.id))
    }

    @Test("the report counts states, lists failures, and shows versions per host and service")
    func text() async throws {
        let r = try await Self.report()
        #expect(r.counts == ["succeeded": 2, "failed": 1])
        #expect(r.versions == ["c1": ["nova": "icehouse"], "c2": ["nova": "havana→icehouse?"]])
        let text = ReportFormat.text.render(r)
        #expect(text.contains("[nova/upgrade@c1@c2] `yum -d1 -y upgrade '*nova*'` exited 1 on c2"))
        #expect(text.contains("c2    havana→icehouse?"))
        #expect(StatusText.render(r, units: true).contains("  failed      nova/upgrade@c1: `yum -d1 -y upgrade '*nova*'` exited 1 on c2"))
    }

    @Test("JUnit output has one testcase per unit and a failure element for the failed one")
    func junit() async throws {
        let xml = ReportFormat.junit.render(try await Self.report())
        #expect(xml.contains("<testsuites name=\"upshift run 1\" tests=\"3\" failures=\"1\">"))
        #expect(xml.contains("<failure message=\"`yum -d1 -y upgrade &apos;*nova*&apos;` exited 1 on c2\">") || xml.contains("<failure message=\"`yum -d1 -y upgrade '*nova*'` exited 1 on c2\">"))
    }

    @Test("JSON and Markdown carry the same failures")
    func jsonMarkdown() async throws {
        let r = try await Self.report()
        let decoder = JSONDecoder(); decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(RunReport.self, from: Data(ReportFormat.json.render(r).utf8))
        #expect(back.failures.map(\.step) == ["nova/upgrade@c1"])
        #expect(ReportFormat.markdown.render(r).contains("| c2 | havana→icehouse? |"))
    }

    @Test("console lines are prefixed with the unit, kubeadm style")
    func consoleLines() {
        let at = Date(timeIntervalSince1970: 0)
        #expect(ConsoleEventSink.line(RunEvent(.unitStarted, at: at, run: 1, unit: F.unit("nova/db-sync@ctl-01", "ctl-01"))) == "[nova/db-sync@ctl-01] started")
        #expect(ConsoleEventSink.line(RunEvent(.unitFinished, at: at, run: 1, unit: F.unit("nova/stop@controllers", "ctl-01"),
                                               state: "succeeded", seconds: 2.25)) == "[nova/stop@controllers@ctl-01] succeeded in 2.2s")
    }
}
