import Testing
import UpshiftModel
@testable import UpshiftExecution

@Suite("Scheduler: pauses, confirmation, resume, interrupt")
struct SchedulerGateTests {
    typealias F = PlanFixtures

    static var pausePlan: Plan {
        F.plan([F.step("a", "one", hosts: ["h"]), F.step("wait", "one", hosts: [], after: ["a"], action: .pause),
                F.step("b", "two", hosts: ["h"], after: ["wait"])])
    }

    @Test("a pause step stops the run; resume from the journal states continues past it")
    func pauseStep() throws {
        var d = SchedulerDriver(try Scheduler(plan: Self.pausePlan, options: .init()))
        d.run()
        #expect(d.end == .paused(.step("wait")))
        #expect(d.started == [F.unit("a", "h")])
        var r = SchedulerDriver(try Scheduler(plan: Self.pausePlan, options: .init(), journal: d.scheduler.unitStates))
        r.run()
        #expect(r.started == [F.unit("b", "h")])
        #expect(r.end == .completed)
    }

    @Test("--pause-after stops at the phase boundary once; resume does not pause there again")
    func pauseAfterPhase() throws {
        let options = RunOptions(pauseAfter: ["ctl"], assumeYes: true)
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: options))
        d.run()
        #expect(d.end == .paused(.afterPhase("ctl")))
        #expect(d.started.allSatisfy { $0.host == "ctl" })
        #expect(d.started.count == 4)
        var r = SchedulerDriver(try Scheduler(plan: F.cloud, options: options, journal: d.scheduler.unitStates, pausedPhases: ["ctl"]))
        r.run()
        #expect(r.end == .completed)
        #expect(r.started.count == 9)
    }

    @Test("the point of no return is confirmed before it starts; a refusal stops the run before it")
    func confirmation() throws {
        var no = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init()))
        no.answer = false
        no.run()
        #expect(no.confirmations == ["nova/db-sync@ctl"])
        #expect(no.end == .paused(.declined("nova/db-sync@ctl")))
        #expect(!no.started.contains(F.unit("nova/db-sync@ctl", "ctl")))
        var yes = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init()))
        yes.run()
        #expect(yes.confirmations == ["nova/db-sync@ctl"])
        #expect(yes.end == .completed)
    }

    @Test("--yes and an earlier confirmation skip the question")
    func noQuestion() throws {
        var y = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init(assumeYes: true)))
        y.run()
        var c = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init(), confirmed: ["nova/db-sync@ctl"]))
        c.run()
        #expect(y.confirmations.isEmpty && c.confirmations.isEmpty)
        #expect(y.end == .completed && c.end == .completed)
    }

    @Test("at resume: succeeded stays done, failed and skipped run again, running idempotent re-runs, running non-idempotent is verified")
    func resumeStates() throws {
        let journal: [UnitKey: UnitState] = [
            F.unit("nova/stop@ctl", "ctl"): .succeeded,
            F.unit("nova/backup-db@ctl", "ctl"): .running,
            F.unit("computes/upgrade@batch-00", "c1"): .failed,
        ]
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init(assumeYes: true), journal: journal))
        d.run()
        #expect(d.verified == [F.unit("nova/backup-db@ctl", "ctl")])
        #expect(!d.started.contains(F.unit("nova/stop@ctl", "ctl")))
        #expect(!d.started.contains(F.unit("nova/backup-db@ctl", "ctl")))
        #expect(d.started.contains(F.unit("computes/upgrade@batch-00", "c1")))
        #expect(d.end == .completed)

        var idem = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init(assumeYes: true),
                                                 journal: [F.unit("nova/stop@ctl", "ctl"): .interrupted]))
        idem.run()
        #expect(idem.verified.isEmpty)
        #expect(idem.started.first == F.unit("nova/stop@ctl", "ctl"))
    }

    @Test("a failed verification fails the unit and skips what depends on it")
    func failedVerification() throws {
        var d = SchedulerDriver(try Scheduler(plan: F.cloud, options: .init(assumeYes: true),
                                              journal: [F.unit("nova/stop@ctl", "ctl"): .succeeded, F.unit("nova/backup-db@ctl", "ctl"): .running]))
        d.results[F.unit("nova/backup-db@ctl", "ctl")] = .failed
        d.run()
        #expect(!d.started.contains(F.unit("nova/db-sync@ctl", "ctl")))
        #expect(d.skipped.isEmpty, "a halted run leaves what did not start pending")
        #expect(d.scheduler.unitStates[F.unit("nova/db-sync@ctl", "ctl")] == .pending)
        guard case .failed = d.end else { Issue.record("expected failure"); return }
    }

    @Test("Ctrl-C starts nothing new, lets running units finish, and ends interrupted")
    func interrupt() throws {
        var s = try Scheduler(plan: F.cloud, options: .init(assumeYes: true))
        let first = s.start()
        #expect(first == [.start(F.unit("nova/stop@ctl", "ctl"))])
        #expect(s.interrupt().isEmpty)
        #expect(s.unitFinished(F.unit("nova/stop@ctl", "ctl"), .succeeded) == [.finish(.interrupted)])
        #expect(s.unitFinished(F.unit("nova/stop@ctl", "ctl"), .succeeded).isEmpty, "a finished scheduler ignores events")
    }

    @Test("a unit that comes back interrupted is left for resume and the run ends interrupted")
    func interruptedUnit() throws {
        var s = try Scheduler(plan: F.cloud, options: .init(assumeYes: true))
        _ = s.start()
        #expect(s.unitFinished(F.unit("nova/stop@ctl", "ctl"), .interrupted) == [.finish(.interrupted)])
        #expect(s.unitStates[F.unit("nova/stop@ctl", "ctl")] == .interrupted)
    }
}
