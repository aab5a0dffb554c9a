import Foundation
import UpshiftModel

extension Executor {
    /// The loop: carry out the scheduler's actions, wait for a child task, record its outcome, repeat.
    func drive(_ run: RunRecord, _ scheduler: inout Scheduler, variables start: [String: String]) async throws -> RunSummary {
        let plan = run.plan
        var variables = start
        var startedAt: [UnitKey: Date] = [:]
        var queue: [SchedulerAction] = []
        var interrupted = false
        return try await withThrowingTaskGroup(of: (UnitKey, StepOutcome).self) { group in
            if interrupt.isRequested || Task.isCancelled {
                interrupted = true
                try journal.recordEvent(JournalEvent(at: clock.now(), kind: .interrupted), run: run.id)
                queue = scheduler.interrupt()
            } else {
                queue = scheduler.start()
            }
            // Ctrl-C is looked at just before the scheduler is asked anything, so no unit it
            // decides to start after the request is ever started.
            func checkInterrupt() throws {
                guard !interrupted, interrupt.isRequested || Task.isCancelled else { return }
                interrupted = true
                try journal.recordEvent(JournalEvent(at: clock.now(), kind: .interrupted), run: run.id)
                queue += scheduler.interrupt()
            }
            while true {
                while !queue.isEmpty {
                    let action = queue.removeFirst()
                    switch action {
                    case .start(let unit), .verify(let unit):
                        let step = plan.step(unit.step)!
                        let verify: Bool = if case .verify = action { true } else { false }
                        try recordStart(unit, step: step, verify: verify, run: run)
                        startedAt[unit] = clock.now()
                        let context = PerformContext(run: run.id, runStartedAt: run.startedAt, variables: variables)
                        let performer = self.performer
                        group.addTask {
                            let outcome = verify ? await performer.verify(step, on: unit.host, context: context)
                                                 : await performer.perform(step, on: unit.host, context: context)
                            return (unit, outcome)
                        }
                    case .skip(let unit, let reason):
                        try journal.recordOutcome(unit, run: run.id, outcome: UnitOutcome(state: .skipped, message: reason), at: clock.now())
                        sink.emit(RunEvent(.unitSkipped, at: clock.now(), run: run.id, unit: unit, state: "skipped", message: reason))
                    case .confirm(let stepID):
                        queue += scheduler.confirmation(given: try await ask(stepID, run: run))
                    case .checkWindow(let point):
                        queue += scheduler.windowAnswer(point, stop: try windowStop(point, scheduler: scheduler, run: run))
                    case .pause(let reason):
                        try recordPause(reason, plan: plan, run: run)
                    case .finish(let end):
                        try finish(end, run: run)
                        if end.runState == .completed { await releaseCloudLock() }
                        return RunSummary(run: run.id, end: end)
                    }
                }
                guard let (unit, outcome) = try await group.next() else {
                    throw JournalError(.storage, "the scheduler stopped without finishing the run")
                }
                try record(outcome, of: unit, startedAt: startedAt[unit], run: run, variables: &variables)
                try checkInterrupt()
                queue += scheduler.unitFinished(unit, outcome.unitResult)
            }
        }
    }

    /// Journals a unit's outcome (and the variables it set) before the scheduler hears of it.
    private func record(_ outcome: StepOutcome, of unit: UnitKey, startedAt: Date?, run: RunRecord,
                        variables: inout [String: String]) throws {
        for (name, value) in outcome.variables.sorted(by: { $0.key < $1.key }) {
            try journal.setVariable(name, value: value, step: unit.step, run: run.id)
            variables[name] = value
        }
        let now = clock.now()
        try journal.recordOutcome(unit, run: run.id, outcome: UnitOutcome(
            state: outcome.unitState, exitStatus: outcome.exitStatus, outputTail: outcome.outputTail, message: outcome.message), at: now)
        sink.emit(RunEvent(.unitFinished, at: now, run: run.id, unit: unit, state: outcome.unitState.rawValue,
                           exitStatus: outcome.exitStatus, seconds: startedAt.map { now.timeIntervalSince($0) },
                           message: outcome.message, outputTail: outcome.status == .failed ? outcome.outputTail : nil))
    }

    /// Asks before the point of no return and journals the answer.
    private func ask(_ stepID: StepID, run: RunRecord) async throws -> Bool {
        let given = await confirmer.confirm(run.plan.step(stepID)!, plan: run.plan)
        try journal.recordEvent(JournalEvent(at: clock.now(), kind: given ? .confirmed : .declined, step: stepID), run: run.id)
        sink.emit(RunEvent(.confirmation, at: clock.now(), run: run.id, unit: UnitKey(step: stepID, host: UnitKey.noHost),
                           state: given ? "confirmed" : "declined"))
        return given
    }

    private func recordStart(_ unit: UnitKey, step: Step, verify: Bool, run: RunRecord) throws {
        let now = clock.now()
        if verify {
            sink.emit(RunEvent(.unitVerifying, at: now, run: run.id, unit: unit, phase: step.phase, state: "running",
                               message: "found running at resume; checking on the host"))
            return
        }
        if step.pointOfNoReturn {
            try journal.recordEvent(JournalEvent(at: now, kind: .pointOfNoReturn, step: step.id, phase: step.phase), run: run.id)
            sink.emit(RunEvent(.pointOfNoReturn, at: now, run: run.id, unit: unit, phase: step.phase, state: "crossing"))
        }
        // A once-only step's start must survive even a power loss of this machine (a lost record
        // would let resume run it again blind); an idempotent one may run again, so its start is
        // only as durable as a crash of upshift needs (no fsync per unit).
        if step.idempotent { try journal.recordStarted(unit, run: run.id, at: now) } else { try journal.recordStartedDurably(unit, run: run.id, at: now) }
        sink.emit(RunEvent(.unitStarted, at: now, run: run.id, unit: unit, phase: step.phase, state: "running"))
    }

    private func recordPause(_ reason: PauseReason, plan: Plan, run: RunRecord) throws {
        let now = clock.now()
        switch reason {
        case .step(let id):
            for unit in UnitKey.units(of: plan.step(id)!) {
                try journal.recordOutcome(unit, run: run.id, outcome: UnitOutcome(state: .succeeded, message: "paused here"), at: now)
            }
            try journal.recordEvent(JournalEvent(at: now, kind: .paused, step: id, detail: reason.description), run: run.id)
        case .afterPhase(let phase):
            try journal.recordEvent(JournalEvent(at: now, kind: .paused, phase: phase, detail: reason.description), run: run.id)
        case .declined:
            break
        case .window(let stop):
            try journal.recordEvent(JournalEvent(at: now, kind: .windowClosed, phase: stop.point.phase, detail: stop.description), run: run.id)
        }
        sink.emit(RunEvent(.paused, at: now, run: run.id, message: reason.description))
    }

    private func finish(_ end: RunEnd, run: RunRecord) throws {
        let now = clock.now()
        try journal.setRunState(end.runState, run: run.id, at: now)
        try journal.recordEvent(JournalEvent(at: now, kind: .finished, detail: end.runState.rawValue), run: run.id)
        try journal.releaseLock(run: run.id, owner: owner)
        sink.emit(RunEvent(.runFinished, at: now, run: run.id, state: end.runState.rawValue))
    }
}
