import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// Accepted exit statuses and "run again while rc = N, at most K runs" (pack format 2 `run`/`check`).
@Suite struct CommandRetryTests {
    /// Answers each run of a script with the next exit status of a list (the last one repeats).
    final class ScriptedTransport: HostTransport, @unchecked Sendable {
        // `@unchecked Sendable`: `statuses` and `runs` are only touched while `lock` is held.
        private let lock = NSLock()
        private var statuses: [Int32]
        private(set) var runs = 0
        init(_ statuses: [Int32]) { self.statuses = statuses }
        func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
            lock.withLock {
                runs += 1
                let s = statuses.count > 1 ? statuses.removeFirst() : statuses[0]
                return CommandResult(exitStatus: s, stdout: Array("compute cmp-01 version 68\n".utf8))
            }
        }
        var count: Int { lock.withLock { runs } }
    }

    func perform(_ step: Step, _ transport: ScriptedTransport) async -> StepOutcome {
        let inv = CloudFixture.inventory(computes: 1)
        let pack = try! CloudFixture.pack()
        return await CloudFixture.performer(transport, inventory: inv, pack: pack)
            .perform(step, on: step.hosts[0], context: PerformContext(run: 1, runStartedAt: Date()))
    }

    func step(_ action: StepAction, accept: [Int32]? = nil, retryWhile: Int32? = nil, limit: Int? = nil) -> Step {
        var p = StepParams(); p.command = "migrate"; p.accept = accept; p.retryWhile = retryWhile; p.retryLimit = limit
        return Step(id: "x/run@ctl-01", phase: "p", action: action, hosts: ["ctl-01"], params: p, reversible: true)
    }

    @Test func runsAgainWhileTheCommandSaysThereIsMoreToDo() async {
        let t = ScriptedTransport([1, 1, 0])
        let out = await perform(step(.check, retryWhile: 1, limit: 5), t)
        #expect(out.status == .succeeded)
        #expect(t.count == 3)
    }

    @Test func stopsAfterTheLimitAndFails() async {
        let t = ScriptedTransport([1])
        let out = await perform(step(.check, retryWhile: 1, limit: 3), t)
        #expect(out.status == .failed)
        #expect(t.count == 3)
        #expect(out.exitStatus == 1)
    }

    @Test func aCheckPassesOnAnAcceptedStatus() async {
        #expect(await perform(step(.check, accept: [0, 1]), ScriptedTransport([1])).status == .succeeded)
        #expect(await perform(step(.check, accept: [0, 1]), ScriptedTransport([2])).status == .failed)
        #expect(await perform(step(.check), ScriptedTransport([1])).status == .failed)
    }

    @Test func aVerificationQueryNeedsItsTextInTheOutput() async {
        var s = step(.verifyQuery); s.params.targets = ["cmp-01"]; s.params.command = "versions {target}"
        s.params.expect = "version 68"
        #expect(await perform(s, ScriptedTransport([0])).status == .succeeded)
        s.params.expect = "version 69"
        #expect(await perform(s, ScriptedTransport([0])).status == .failed)
    }
}
