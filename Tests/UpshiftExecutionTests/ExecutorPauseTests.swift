import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

@Suite("Executor: pauses survive a restart; events as JSON lines")
struct ExecutorPauseTests {
    typealias F = PlanFixtures

    @Test("--pause-after stops at the phase boundary; a new process resumes from the reopened journal without pausing again")
    func pauseAfterAcrossProcesses() async throws {
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        let hosts = FakeHostsPerformer()
        let first = try await executor(try SQLiteJournal(path: path), hosts, pid: 100)
            .apply(F.cloud, planHash: "h", options: RunOptions(pauseAfter: ["ctl"], assumeYes: true))
        #expect(first.end == .paused(.afterPhase("ctl")))
        let reopened = try SQLiteJournal(path: path)
        #expect(try reopened.latestRun()?.state == .paused)
        #expect(try reopened.latestRun()?.lockOwner == nil, "a paused run releases its lock")
        #expect(try reopened.events(of: 1).contains { $0.kind == .paused && $0.phase == "ctl" })
        let second = try await executor(reopened, hosts, pid: 200, alive: true).resume()
        #expect(second.end == .completed)
        #expect(hosts.performCounts.count == 13 && hosts.performCounts.values.allSatisfy { $0 == 1 })
    }

    @Test("JSON lines: one decodable object per event, naming step and host")
    func jsonLines() async throws {
        final class Lines: @unchecked Sendable {  // `text` is only appended to from the executor's parent task.
            var text = ""
        }
        let lines = Lines()
        let sink = JSONLinesEventSink { lines.text += $0 }
        _ = try await executor(InMemoryJournal(), FakeHostsPerformer(), sink: sink)
            .apply(F.plan([F.step("nova/stop@ctl", hosts: ["ctl"])]), planHash: "h", options: .init())
        let decoder = JSONDecoder(); decoder.dateDecodingStrategy = .iso8601
        let events = try lines.text.split(separator: "\n").map { try decoder.decode(RunEvent.self, from: Data($0.utf8)) }
        #expect(events.map(\.kind) == [.runStarted, .unitStarted, .unitFinished, .runFinished])
        #expect(events[2].step == "nova/stop@ctl" && events[2].host == "ctl" && events[2].state == "succeeded")
    }
}
