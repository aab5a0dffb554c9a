import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

@Suite("Terminal: timestamps, totals across resume, the closing summary")
struct TerminalLinesTests {
    final class Screen: @unchecked Sendable { var text = "" }

    @Test("event lines carry the event's UTC time; a resumed run's counter goes on from what was done")
    func timestampsAndTotals() {
        let screen = Screen()
        let sink = ConsoleEventSink(total: 10, done: 6, live: true, timestamps: true) { screen.text += $0 }
        let t0 = Date(timeIntervalSince1970: 7 * 3600 + 35 * 60 + 49)
        sink.emit(RunEvent(.unitStarted, at: t0, run: 1, unit: PlanFixtures.unit("nova/db-sync@ctl-01", "ctl-01"), phase: "nova-controllers"))
        sink.emit(RunEvent(.unitFinished, at: t0 + 6, run: 1, unit: PlanFixtures.unit("nova/db-sync@ctl-01", "ctl-01"), state: "succeeded", seconds: 6))
        #expect(screen.text.contains("07:35:49 [upshift] phase nova-controllers\n07:35:49 [nova/db-sync@ctl-01] started\n"))
        #expect(screen.text.contains("07:35:55 [nova/db-sync@ctl-01] succeeded in 6.0s\n"))
        #expect(screen.text.hasSuffix("phase nova-controllers | 7/10 done | 0 failed | 0m06s"))
    }

    @Test("apply ends with what ran, how long, the point of no return, the worst outage and what is next (golden)")
    func closingSummary() async throws {
        let r = try await ReportFixture.report()
        let text = ClosingSummary.render(r, stateFlag: "--state /srv/upshift")
        #expect(text.contains("upshift resume --state /srv/upshift"))
        Golden.check(text, "closing-summary.txt")
    }
}
