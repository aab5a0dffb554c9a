import UpshiftModel

extension Scheduler {
    /// Whether a pending unit can start now, must wait, or can never run in this run (and why).
    func readiness(_ unit: UnitKey, barrier: Barrier? = nil) -> Readiness {
        let step = graph.step(unit.step)
        let position = graph.order[step.id]!
        if unit.host != UnitKey.noHost, let failedPosition = failedAt[unit.host], failedPosition < position {
            let failedStep = graph.units.first { $0.host == unit.host && states[$0] == .failed }?.step
            return .blocked("host \(unit.host) failed at \(failedStep.map(\.rawValue) ?? "an earlier step")")
        }
        for dep in step.after {
            let depStep = graph.step(dep)
            if depStep.hosts.contains(unit.host) {
                switch states[UnitKey(step: dep, host: unit.host)] ?? .pending {
                case .succeeded: continue
                case .failed: return .blocked("\(dep) failed on \(unit.host)")
                case .skipped: return .blocked("\(dep) was skipped on \(unit.host)")
                default: return .waiting
                }
            }
            let depUnits = graph.unitsOfStep[dep] ?? []
            if depUnits.contains(where: { !(states[$0] ?? .pending).isSettled }) { return .waiting }
            if let bad = depUnits.first(where: { states[$0] != .succeeded }) {
                return .blocked("\(dep) did not succeed on \(bad.host)")
            }
        }
        if !(barrier ?? self.barrier()).allows(step, phase: graph.phaseIndex[step.id]!, position: position) { return .waiting }
        return .ready
    }

    /// The earliest phase with unsettled units, and per phase and batch the earliest plan
    /// position of an unsettled unit.
    func barrier() -> Barrier {
        var b = Barrier()
        for unit in graph.units where !(states[unit] ?? .pending).isSettled {
            let step = graph.step(unit.step)
            let phase = graph.phaseIndex[step.id]!
            b.phase = min(b.phase, phase)
            if let batch = step.batch {
                b.batchStart[phase, default: [:]][batch] = min(b.batchStart[phase]?[batch] ?? Int.max, graph.order[step.id]!)
            }
        }
        return b
    }
}

/// Where the run's ordering barrier stands: a unit waits until every earlier phase has settled,
/// and until the smaller batches of its phase that come before it in the plan have settled
/// (canary first). Every wait points to earlier phases or earlier plan positions, so together
/// with `after` edges (which must point backwards too) the scheduler can never deadlock.
struct Barrier {
    var phase = Int.max
    var batchStart: [Int: [Int: Int]] = [:]

    func allows(_ step: Step, phase index: Int, position: Int) -> Bool {
        if index > phase { return false }
        guard let mine = step.batch, let starts = batchStart[index] else { return true }
        return !starts.contains { batch, start in batch < mine && start < position }
    }
}
