import UpshiftModel

/// Whether a pending unit can start.
enum Readiness: Equatable {
    case ready
    case waiting
    case blocked(String)
}

extension Scheduler {
    /// Skips what can no longer run, pauses or asks where the plan says, starts what is ready,
    /// and finishes when nothing runs and nothing can start.
    mutating func advance() -> [SchedulerAction] {
        guard !finished else { return [] }
        if stopping == nil, failedAt.count > options.maxFailures.allowed(ofHosts: graph.budgetHosts) {
            stopping = .failed(failed: failedUnits, halted: true)
        }
        // Once halted, what has not started stays pending (the run stopped there); skips are
        // recorded only while the run goes on around a tolerated failure.
        var out: [SchedulerAction] = []
        if stopping == nil { out = skipBlocked() }
        if stopping == nil, awaitingConfirmation == nil, awaitingWindow == nil { out += startReady() }
        if inFlight.isEmpty, awaitingConfirmation == nil, awaitingWindow == nil, !out.contains(where: Self.isWork) {
            finished = true
            out.append(.finish(end))
        }
        return out
    }

    private static func isWork(_ a: SchedulerAction) -> Bool {
        switch a { case .start, .verify, .confirm, .checkWindow: true; default: false }
    }

    var failedUnits: [UnitKey] { graph.units.filter { states[$0] == .failed } }

    private var end: RunEnd {
        if case .failed = stopping { return .failed(failed: failedUnits, halted: true) }
        if let stopping { return stopping }
        let failed = failedUnits
        if !failed.isEmpty || graph.units.contains(where: { states[$0] == .skipped }) {
            return .failed(failed: failed, halted: false)
        }
        if graph.units.contains(where: { states[$0] == .interrupted }) { return .interrupted }
        let waiting = graph.units.filter { states[$0] != .succeeded }
        return waiting.isEmpty ? .completed : .stalled(waiting: waiting)
    }

    /// Marks pending units that can never run in this run as skipped (repeated: skips cascade).
    private mutating func skipBlocked() -> [SchedulerAction] {
        var out: [SchedulerAction] = []
        var changed = true
        while changed {
            changed = false
            for unit in graph.units where states[unit] == .pending && !inFlight.contains(unit) && !toVerify.contains(unit) {
                if case .blocked(let why) = readiness(unit, barrier: Barrier()) {
                    states[unit] = .skipped; changed = true
                    out.append(.skip(unit, reason: why))
                }
            }
        }
        return out
    }

    private mutating func startReady() -> [SchedulerAction] {
        var out: [SchedulerAction] = []
        var busy = Set(inFlight.map(\.host)).subtracting([UnitKey.noHost])
        let gate = self.barrier()
        for unit in graph.units where states[unit] == .pending && !inFlight.contains(unit) {
            guard inFlight.count < options.parallel else { break }
            if busy.contains(unit.host) { continue }
            if toVerify.contains(unit) {
                toVerify.remove(unit); inFlight.insert(unit); busy.insert(unit.host)
                states[unit] = .running; out.append(.verify(unit)); continue
            }
            guard readiness(unit, barrier: gate) == .ready else { continue }
            let step = graph.step(unit.step)
            if let pause = pauseBefore(step) {
                stopping = .paused(pause); out.append(.pause(pause)); break
            }
            if let point = needsWindowCheck(step) {
                awaitingWindow = point; out.append(.checkWindow(point)); break
            }
            if step.pointOfNoReturn, !options.assumeYes, !confirmed.contains(step.id) {
                awaitingConfirmation = step.id; out.append(.confirm(step.id)); break
            }
            if step.action == .pause {
                for u in graph.unitsOfStep[step.id] ?? [] { states[u] = .succeeded }
                stopping = .paused(.step(step.id)); out.append(.pause(.step(step.id))); break
            }
            inFlight.insert(unit); busy.insert(unit.host)
            states[unit] = .running; out.append(.start(unit))
        }
        return out
    }

    /// A `--pause-after` phase that has settled before this step's phase and has not paused yet.
    private mutating func pauseBefore(_ step: Step) -> PauseReason? {
        let index = graph.phaseIndex[step.id]!
        for phase in graph.phases[..<index] where options.pauseAfter.contains(phase) && !pausedPhases.contains(phase) {
            pausedPhases.insert(phase)
            return .afterPhase(phase)
        }
        return nil
    }
}
