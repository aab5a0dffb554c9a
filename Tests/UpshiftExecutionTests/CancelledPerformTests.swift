import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// The second Ctrl-C cancels the run's task; the transport then kills the running ssh, so the
/// command comes back as a lost connection. The performer records that unit `interrupted` (the run
/// ends interrupted and `resume` runs or verifies it again), not `failed`.
@Suite struct CancelledPerformTests {
    /// Runs until cancelled, then fails as a killed ssh session does; or finishes anyway (`finishes`).
    struct StoppableTransport: HostTransport {
        var finishes = false
        func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            if finishes { return CommandResult(exitStatus: 0) }
            throw TransportError(.connectionLost, host: host.name, message: "the ssh session ended before the command finished (ssh exit 137)")
        }
    }

    func performCancelled(_ transport: StoppableTransport) async throws -> StepOutcome {
        let (plan, pack) = try CloudFixture.plan(.live)
        let step = try #require(plan.steps.first { $0.action == .syncSchema })
        let performer = CloudFixture.performer(transport, pack: pack)
        let task = Task { await performer.perform(step, on: step.hosts[0], context: PerformContext(run: 1, runStartedAt: Date())) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        return await task.value
    }

    @Test("a command stopped by cancellation is recorded interrupted, saying why")
    func stoppedIsInterrupted() async throws {
        let outcome = try await performCancelled(StoppableTransport())
        #expect(outcome.status == .interrupted)
        #expect(outcome.message?.contains("second Ctrl-C") == true && outcome.message?.contains("connection-lost") == true, "\(outcome.message ?? "")")
    }

    @Test("a command that finished in spite of the cancellation keeps its outcome")
    func finishedStaysSucceeded() async throws {
        #expect(try await performCancelled(StoppableTransport(finishes: true)).status == .succeeded)
    }

    @Test("without cancellation a lost connection is a failure")
    func lostConnectionFails() async throws {
        let (plan, pack) = try CloudFixture.plan(.live)
        let step = try #require(plan.steps.first { $0.action == .syncSchema })
        let outcome = await CloudFixture.performer(FailingTransport(inner: RecordingTransport(), unreachable: [step.hosts[0]]), pack: pack)
            .perform(step, on: step.hosts[0], context: PerformContext(run: 1, runStartedAt: Date()))
        #expect(outcome.status == .failed)
    }
}
