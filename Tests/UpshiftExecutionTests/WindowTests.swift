import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// Maintenance windows: the scheduler asks before each phase and batch, the executor forecasts
/// from the best evidence and stops at a batch boundary; the clock is injected (nothing sleeps).
@Suite("Maintenance windows: forecast before each batch, stop at a whole batch")
struct WindowTests {
    typealias F = PlanFixtures

    @Test("the scheduler asks before each phase and batch, never mid-batch; a closed window pauses before the batch, resume asks again")
    func schedulerAsksAtBoundaries() throws {
        var s = try Scheduler(plan: F.cloud, options: RunOptions(parallel: 2))
        s.checksWindow = true
        var d = SchedulerDriver(s)
        d.closeWindowAt = WindowPoint(phase: "computes", batch: 1)
        d.run()
        #expect(d.windowChecks == [WindowPoint(phase: "ctl", batch: nil), WindowPoint(phase: "computes", batch: 0), WindowPoint(phase: "computes", batch: 1)])
        guard case .paused(.window(let stop)) = d.end else { Issue.record("ended \(String(describing: d.end))"); return }
        #expect(stop.point == WindowPoint(phase: "computes", batch: 1))
        #expect(!d.started.contains { $0.step.rawValue.hasSuffix("batch-01") }, "nothing of the batch started")
        #expect(d.started.contains(F.unit("computes/start@batch-00", "c1")))

        var next = try Scheduler(plan: F.cloud, options: RunOptions(parallel: 2), journal: d.scheduler.unitStates)
        next.checksWindow = true
        var again = SchedulerDriver(next)
        again.run()
        #expect(again.end == .completed)
        #expect(again.windowChecks == [WindowPoint(phase: "computes", batch: 1), WindowPoint(phase: "unpin", batch: nil)])
    }

    @Test("a unit's duration comes from this run, then earlier runs, then the pack; forecasts take hosts parallel at a time")
    func preferenceOrder() {
        var step = F.step("nova/upgrade@batch-01", hosts: ["c1", "c2", "c3"], action: .upgradePackages)
        step.service = "nova"
        let d = StepDurations(measured: ["upgrade-packages/nova": 40], history: ["upgrade-packages/nova": 90, "upgrade-packages": 70],
                              declared: ["upgrade-packages": 180])
        #expect(d.unitSeconds(step) == (40, .measured))
        #expect(StepDurations(history: d.history, declared: d.declared).unitSeconds(step) == (90, .history))
        #expect(StepDurations(declared: d.declared).unitSeconds(step) == (180, .declared))
        #expect(d.forecast([step], parallel: 2) == (80, .measured), "three hosts two at a time: two rounds")
        let means = StepDurations.means([(step, 10), (step, 30)])
        #expect(means == ["upgrade-packages/nova": 20, "upgrade-packages": 20])
    }

    @Test("plan --compare forecasts from the journal's history when there is some, from the pack's estimates otherwise")
    func compareUsesHistory() throws {
        let (_, _, inventory, _) = LabRunTests.lab(computes: 2)
        let pack = try CloudFixture.pack()
        let request = PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(),
                                  inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y"))
        let plain = Compare.compare(request)
        #expect(plain.allSatisfy { $0.forecastFromHistorySeconds == nil } && !Compare.text(plain).contains("earlier runs"))
        let rows = Compare.compare(request, history: pack.estimates.mapValues { Double($0) / 2 })
        for (a, b) in zip(plain, rows) {
            #expect(b.forecastFromHistorySeconds == Int((Double(a.forecastSeconds ?? 0) / 2).rounded()), "\(b.method)")
            #expect(b.forecastSeconds == a.forecastSeconds, "the declared forecast is still shown")
        }
        #expect(Compare.text(rows).contains("(measured in earlier runs; declared estimates where a kind of step was never measured)"))
    }

    /// A clock that moves only when a unit runs: each unit takes its action's declared seconds.
    final class VirtualClock: @unchecked Sendable {
        // Invariant: `t` is only read and written while `lock` is held.
        private let lock = NSLock()
        private var t = Date(timeIntervalSince1970: 1_800_000_000)
        func now() -> Date { lock.withLock { t } }
        func advance(_ s: Double) { lock.withLock { t += s } }
        var clock: ExecutionClock { ExecutionClock(now: { self.now() }, sleep: { _ in await Task.yield() }) }
    }

    struct TimedPerformer: StepPerformer {
        var inner: any StepPerformer
        var clock: VirtualClock
        var seconds: [String: Int]
        func perform(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
            let outcome = await inner.perform(step, on: host, context: context)
            clock.advance(Double(seconds[step.action.rawValue] ?? 0))
            return outcome
        }
        func verify(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
            await inner.verify(step, on: host, context: context)
        }
    }

    @Test("against the lab: a deadline that cuts the run after the second compute batch; resume in the next window ends on Icehouse", .timeLimit(.minutes(2)))
    func labDeadlineThenResume() async throws {
        let (transport, store, inventory, answers) = LabRunTests.lab(computes: 3)
        let pack = try CloudFixture.pack()
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 1, canary: 1),
                                            inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        let points = plan.steps.map { WindowPoint(phase: $0.phase, batch: $0.batch) }.reduce(into: [WindowPoint]()) { if !$0.contains($1) { $0.append($1) } }
        let computePoints = points.filter { p in plan.steps.contains { $0.phase == p.phase && $0.batch != nil && $0.batch == p.batch } }
        try #require(computePoints.count >= 3, "\(points)")
        let cut = computePoints[2]
        func seconds(_ steps: [Step]) -> Double { steps.reduce(0) { $0 + Double((pack.estimates[$1.action.rawValue] ?? 0) * max(1, $1.hosts.count)) } }
        let cutIndex = plan.steps.firstIndex { $0.phase == cut.phase && $0.batch == cut.batch }!
        let before = seconds(Array(plan.steps[..<cutIndex]))
        let batch = seconds(plan.steps.filter { $0.phase == cut.phase && $0.batch == cut.batch })
        try #require(batch > 0)

        let clock = VirtualClock(), journal = InMemoryJournal()
        let performer = TimedPerformer(inner: LabCrashTests.performer(transport, inventory, pack, answers), clock: clock, seconds: pack.estimates)
        var e = Executor(journal: journal, performer: performer, sink: RecordingEventSink(), confirmer: FixedConfirmer(true),
                         clock: clock.clock, owner: LockOwner(pid: 7), isAlive: { _ in false })
        e.durations = StepDurations(declared: pack.estimates)
        e.deadline = clock.now().addingTimeInterval(before + batch / 2)
        let first = try await e.apply(plan, planHash: "h", options: RunOptions(parallel: 1, assumeYes: true))
        guard case .paused(.window(let stop)) = first.end else { Issue.record("ended \(first.end)"); return }
        #expect(stop.point == cut && stop.seconds == batch && stop.source == "measured in this run")
        let units = try journal.units(of: first.run)
        let cutHosts = Set(plan.steps.filter { $0.phase == cut.phase && $0.batch == cut.batch }.flatMap(\.hosts))
        #expect(units.filter { $0.state != .succeeded }.allSatisfy { $0.state == .pending }, "stopped at a whole batch")
        #expect(units.filter { cutHosts.contains($0.unit.host) && plan.step($0.unit.step)?.batch == cut.batch }.allSatisfy { $0.state == .pending })
        #expect(stop.leftUnits == units.filter { $0.state == .pending }.count && stop.leftSeconds >= batch)
        #expect(try journal.events(of: first.run).contains { $0.kind == .windowClosed && $0.detail == stop.description })
        #expect(try store.read().databases["nova"] == "233", "the controllers are done")

        e.deadline = clock.now().addingTimeInterval(24 * 3600)
        #expect(try await e.resume().end == .completed)
        let lab = try store.read()
        for h in lab.hosts where h.roles.contains("compute") {
            #expect(h.packages["openstack-nova-compute"]?.hasPrefix("2014.1") == true, "\(h.name)")
        }
    }
}
