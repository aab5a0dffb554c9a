import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

@Suite("Console output")
struct ConsoleOutputTests {
    typealias F = PlanFixtures

    /// Collects what the sink writes. `@unchecked Sendable`: only the executor's parent task writes.
    final class Screen: @unchecked Sendable { var text = "" }

    @Test("a failing run prints kubeadm-style lines: start, outcome with time, the failure with its output, skips")
    func failingRun() async throws {
        let plan = F.plan([F.step("nova/stop@ctl-01", hosts: ["ctl-01"]), F.step("nova/upgrade@ctl-01", hosts: ["ctl-01"], after: ["nova/stop@ctl-01"]),
                           F.step("nova/start@ctl-01", hosts: ["ctl-01"], after: ["nova/upgrade@ctl-01"])])
        let hosts = FakeHostsPerformer()
        hosts.faults[F.unit("nova/upgrade@ctl-01", "ctl-01")] = .fails("`yum -d1 -y upgrade '*nova*'` exited 1 on ctl-01")
        let screen = Screen()
        let sink = ConsoleEventSink(total: 3, live: false) { screen.text += $0 }
        _ = try await executor(InMemoryJournal(), hosts, sink: sink).apply(plan, planHash: "h", options: .init(parallel: 1, maxFailures: .count(1)))
        #expect(screen.text == """
            [upshift] run 1 started: 3 steps
            [upshift] phase p
            [nova/stop@ctl-01] started
            [nova/stop@ctl-01] succeeded in 1.0s
            [nova/upgrade@ctl-01] started
            [nova/upgrade@ctl-01] FAILED in 1.0s: `yum -d1 -y upgrade '*nova*'` exited 1 on ctl-01
                boom
            [nova/start@ctl-01] skipped: host ctl-01 failed at nova/upgrade@ctl-01
            [upshift] run 1 failed

            """)
    }

    @Test("on a terminal a status line with phase, progress and elapsed time is redrawn under the events")
    func liveLine() {
        let screen = Screen()
        let sink = ConsoleEventSink(total: 4, live: true) { screen.text += $0 }
        let t0 = Date(timeIntervalSince1970: 0)
        sink.emit(RunEvent(.unitStarted, at: t0, run: 1, unit: F.unit("a", "h"), phase: "nova-controllers"))
        sink.emit(RunEvent(.unitFinished, at: t0 + 75, run: 1, unit: F.unit("a", "h"), state: "succeeded", seconds: 75))
        #expect(screen.text.hasPrefix("\r\u{1B}[K[upshift] phase nova-controllers\n[a@h] started\n"))
        #expect(screen.text.hasSuffix("\r\u{1B}[K[a@h] succeeded in 1m15s\nphase nova-controllers | 1/4 done | 0 failed | 1m15s"))
    }
}
