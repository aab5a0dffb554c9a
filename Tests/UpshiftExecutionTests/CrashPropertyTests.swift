import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

@Suite("Crash anywhere, resume: random plans")
struct CrashPropertyTests {
    @Test("for random plans and crash points, resume ends in the uninterrupted run's states and runs no once-only step twice",
          arguments: 0..<60)
    func crashAnywhere(seed: Int) async throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
        let plan = SchedulerPropertyTests.randomPlan(&rng)
        let options = RunOptions(parallel: Int.random(in: 1...3, using: &rng), assumeYes: true)
        let reference = InMemoryJournal()
        _ = try await executor(reference, FakeHostsPerformer()).apply(plan, planHash: "h", options: options)
        let units = plan.steps.flatMap(UnitKey.units(of:)).count
        let crashAt = Int.random(in: 1...max(1, units), using: &rng)

        let journal = InMemoryJournal(), hosts = FakeHostsPerformer()
        do {
            _ = try await executor(CrashingJournal(journal, crashAtOutcome: crashAt), hosts, pid: 1).apply(plan, planHash: "h", options: options)
        } catch is SimulatedCrash {}
        let summary = try await executor(journal, hosts, pid: 2).resume()
        #expect(summary.end == .completed, "seed \(seed)")
        let states = { (j: InMemoryJournal) in try j.units(of: 1).map { "\($0.unit) \($0.state.rawValue)" } }
        #expect(try states(journal) == states(reference), "seed \(seed)")
        for step in plan.steps where !step.idempotent {
            for unit in UnitKey.units(of: step) { #expect(hosts.count(unit) <= 1, "seed \(seed): \(unit) ran \(hosts.count(unit)) times") }
        }
    }
}
