import Testing
import UpshiftModel
@testable import UpshiftExecution

@Suite("Scheduler: order, batches, failures")
struct SchedulerOrderTests {
    typealias F = PlanFixtures

    @Test("an uninterrupted run starts every unit once, in plan order per host, and completes")
    func completes() throws {
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: RunOptions(parallel: 4, assumeYes: true)))
        d.run()
        #expect(d.end == .completed)
        #expect(d.started.count == 13)
        #expect(Set(d.started).count == d.started.count)
        let ctl = d.started.filter { $0.host == "ctl" }.map(\.step.rawValue)
        #expect(ctl == ["nova/stop@ctl", "nova/backup-db@ctl", "nova/db-sync@ctl", "nova/start@ctl", "nova/unpin@ctl"])
    }

    @Test("steps of a later phase wait until every unit of earlier phases has settled")
    func phaseBarrier() throws {
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: RunOptions(parallel: 10, assumeYes: true)))
        d.run()
        let lastCtl = d.started.firstIndex(of: F.unit("nova/start@ctl", "ctl"))!
        let firstCompute = d.started.firstIndex { $0.step.rawValue.hasPrefix("computes/") }!
        #expect(lastCtl < firstCompute)
    }

    @Test("the canary batch settles before the next batch starts")
    func canaryFirst() throws {
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: RunOptions(parallel: 10, assumeYes: true)))
        d.run()
        let canaryDone = d.started.firstIndex(of: F.unit("computes/start@batch-00", "c1"))!
        let batch1 = d.started.firstIndex(of: F.unit("computes/upgrade@batch-01", "c2"))!
        #expect(canaryDone < batch1)
    }

    @Test("at most --parallel units run at once and a host runs one unit at a time")
    func parallelLimit() throws {
        let plan = F.plan([F.step("a", hosts: ["h1", "h2", "h3", "h4"]), F.step("b", hosts: ["h1", "h2", "h3", "h4"])])
        var s = try Scheduler(plan: plan, options: RunOptions(parallel: 2))
        #expect(s.start().count == 2)
        var d = SchedulerDriver(try Scheduler(plan: plan, options: RunOptions(parallel: 2)))
        d.run()
        #expect(d.maxInFlight == 2)
        var d1 = SchedulerDriver(try Scheduler(plan: plan, options: RunOptions(parallel: 8)))
        d1.run()
        #expect(d1.maxInFlight == 4, "b on a host waits for a on the same host (one unit per host)")
    }

    @Test("a failed step skips its dependents and every later unit on its host; other hosts go on")
    func failureIsolated() throws {
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: RunOptions(parallel: 10, maxFailures: .count(1), assumeYes: true)))
        d.results[F.unit("computes/upgrade@batch-01", "c3")] = .failed
        d.run()
        #expect(d.skipped[F.unit("computes/start@batch-01", "c3")] == "host c3 failed at computes/upgrade@batch-01")
        #expect(d.started.contains(F.unit("computes/start@batch-01", "c2")))
        #expect(d.started.contains(F.unit("computes/start@batch-01", "c4")))
        #expect(d.end == .failed(failed: [F.unit("computes/upgrade@batch-01", "c3")], halted: false))
    }

    @Test("a step on another host that depends on a failed step is skipped, naming the failed host")
    func crossHostDependency() throws {
        let plan = F.plan([F.step("up", hosts: ["c1", "c2"]), F.step("enable", hosts: ["ctl"], after: ["up"])])
        var d = SchedulerDriver(try Scheduler(plan: plan, options: RunOptions(maxFailures: .count(5))))
        d.results[F.unit("up", "c2")] = .failed
        d.run()
        #expect(d.skipped[F.unit("enable", "ctl")] == "up did not succeed on c2")
        #expect(!d.started.contains(F.unit("enable", "ctl")))
    }

    @Test("past --max-failures nothing new starts; running units finish; the run ends halted")
    func maxFailuresHalts() throws {
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: RunOptions(parallel: 10, maxFailures: .count(0), assumeYes: true)))
        d.results[F.unit("computes/upgrade@batch-00", "c1")] = .failed
        d.run()
        #expect(d.end == .failed(failed: [F.unit("computes/upgrade@batch-00", "c1")], halted: true))
        #expect(!d.started.contains { $0.step.rawValue.hasSuffix("batch-01") })
        #expect(!d.started.contains(F.unit("nova/unpin@ctl", "ctl")))
    }

    @Test("a percentage budget is taken of the batched hosts", arguments: [("25%", true), ("50%", false)])
    func percentBudget(budget: String, halts: Bool) throws {
        let options = RunOptions(parallel: 10, maxFailures: FailureBudget(parsing: budget)!, assumeYes: true)
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: options))
        d.results[F.unit("computes/upgrade@batch-01", "c2")] = .failed
        d.results[F.unit("computes/upgrade@batch-01", "c3")] = .failed
        d.run()
        guard case .failed(_, let halted) = d.end else { Issue.record("expected a failed end"); return }
        #expect(halted == halts)
    }

    @Test("failure budgets parse N and P% and reject anything else")
    func budgetParsing() {
        #expect(FailureBudget(parsing: "3") == .count(3))
        #expect(FailureBudget(parsing: "10%") == .percent(10))
        #expect(FailureBudget(parsing: "-1") == nil)
        #expect(FailureBudget(parsing: "101%") == nil)
        #expect(FailureBudget(parsing: "x") == nil)
        #expect(FailureBudget.percent(10).allowed(ofHosts: 20) == 2)
    }

    @Test("a plan whose after edge names an unknown or later step, a later phase or a later batch is refused")
    func invalidEdges() {
        #expect(throws: ScheduleError(step: "b", message: "in batch 0, depends on a of the later batch 1")) {
            try Scheduler(plan: F.plan([F.step("a", hosts: ["h"], batch: 1), F.step("b", hosts: ["h"], after: ["a"], batch: 0)]), options: .init())
        }
        #expect(throws: ScheduleError(step: "c", message: "depends on b of phase two, which runs after phase one")) {
            try Scheduler(plan: F.plan([F.step("a", "one", hosts: ["h"]), F.step("b", "two", hosts: ["h"]),
                                        F.step("c", "one", hosts: ["h"], after: ["b"])]), options: .init())
        }
        #expect(throws: ScheduleError.self) { try Scheduler(plan: F.plan([F.step("a", hosts: ["h"], after: ["zz"])]), options: .init()) }
        #expect(throws: ScheduleError.self) {
            try Scheduler(plan: F.plan([F.step("a", hosts: ["h"], after: ["b"]), F.step("b", hosts: ["h"])]), options: .init())
        }
    }
}
