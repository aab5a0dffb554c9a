import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

@Suite("Scheduler invariants over random plans")
struct SchedulerPropertyTests {
    /// A random plan: phases in order, some batched, random backward `after` edges, random host sets.
    static func randomPlan(_ rng: inout SplitMix64) -> Plan {
        let hosts = (1...Int.random(in: 1...6, using: &rng)).map { "h\($0)" }
        var steps: [Step] = []
        for i in 0..<Int.random(in: 1...14, using: &rng) {
            let phase = "p\(i / 4)"
            let on = hosts.filter { _ in Bool.random(using: &rng) }
            let batch = Bool.random(using: &rng) ? Int.random(in: 0...2, using: &rng) : nil
            // Only edges the phase and batch order allow (others are refused: see `invalidEdges`).
            let allowed = steps.filter { $0.phase.rawValue != phase || $0.batch == nil || batch == nil || $0.batch! <= batch! }
            let after = allowed.isEmpty ? [] : (0..<Int.random(in: 0...2, using: &rng)).map { _ in allowed.randomElement(using: &rng)!.id.rawValue }
            steps.append(PlanFixtures.step("s\(i)", phase, hosts: on, after: Array(Set(after)).sorted(), batch: batch,
                                           idempotent: Bool.random(using: &rng)))
        }
        return PlanFixtures.plan(steps)
    }

    @Test("never stalls, never runs a unit twice, respects --parallel and one unit per host, and never starts a unit whose dependency failed",
          arguments: 0..<150)
    func invariants(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        let plan = Self.randomPlan(&rng)
        let parallel = Int.random(in: 1...4, using: &rng)
        var d = SchedulerDriver(try Scheduler(plan: plan, options: RunOptions(parallel: parallel, maxFailures: .count(Int.random(in: 0...2, using: &rng)))))
        let units = plan.steps.flatMap(UnitKey.units(of:))
        for u in units where Int.random(in: 0..<8, using: &rng) == 0 { d.results[u] = .failed }
        d.run()
        let end = try #require(d.end, "seed \(seed): no end")
        #expect(Set(d.started).count == d.started.count, "seed \(seed): a unit started twice")
        #expect(d.maxInFlight <= parallel)
        var finished: [UnitKey: UnitResult] = [:]
        for u in d.started {
            let step = plan.step(u.step)!
            for dep in step.after {
                let depStep = plan.step(dep)!
                let needed = depStep.hosts.contains(u.host) ? [UnitKey(step: dep, host: u.host)] : UnitKey.units(of: depStep)
                #expect(needed.allSatisfy { finished[$0] == .succeeded }, "seed \(seed): \(u) started before \(dep) succeeded")
            }
            finished[u] = d.results[u] ?? .succeeded
        }
        let anyFailed = d.started.contains { d.results[$0] == .failed }
        if anyFailed { #expect(end != .completed, "seed \(seed)") } else {
            #expect(end == .completed, "seed \(seed): \(end)")
            #expect(Set(d.started) == Set(units))
        }
    }
}
