import UpshiftModel

/// The plan's steps indexed for scheduling: units in plan order, phase order, batch membership.
struct PlanGraph: Sendable {
    let steps: [StepID: Step]
    /// Position of each step in the plan.
    let order: [StepID: Int]
    let units: [UnitKey]
    let unitsOfStep: [StepID: [UnitKey]]
    /// Phases in order of first appearance in the steps.
    let phases: [PhaseID]
    let phaseIndex: [StepID: Int]
    /// Hosts counted by a percentage failure budget.
    let budgetHosts: Int

    init(_ plan: Plan) throws(ScheduleError) {
        var steps: [StepID: Step] = [:], order: [StepID: Int] = [:], units: [UnitKey] = []
        var unitsOfStep: [StepID: [UnitKey]] = [:], phases: [PhaseID] = [], phaseIndex: [StepID: Int] = [:]
        for (i, step) in plan.steps.enumerated() {
            guard steps[step.id] == nil else { throw ScheduleError(step: step.id, message: "appears twice in the plan") }
            for dep in step.after where steps[dep] == nil {
                let why = plan.step(dep) == nil ? "depends on unknown step \(dep)" : "depends on later step \(dep)"
                throw ScheduleError(step: step.id, message: why)
            }
            steps[step.id] = step; order[step.id] = i
            let u = UnitKey.units(of: step)
            units += u; unitsOfStep[step.id] = u
            if !phases.contains(step.phase) { phases.append(step.phase) }
            phaseIndex[step.id] = phases.firstIndex(of: step.phase)!
            for dep in step.after { try Self.checkBarrier(step, phase: phaseIndex[step.id]!, dep: steps[dep]!, depPhase: phaseIndex[dep]!) }
        }
        self.steps = steps; self.order = order; self.units = units; self.unitsOfStep = unitsOfStep
        self.phases = phases; self.phaseIndex = phaseIndex
        let batched = Set(plan.steps.filter { $0.batch != nil }.flatMap(\.hosts))
        budgetHosts = batched.isEmpty ? Set(plan.steps.flatMap(\.hosts)).count : batched.count
    }

    func step(_ id: StepID) -> Step { steps[id]! }

    /// Phases run in order and batches of a phase run in order: an `after` edge against that order
    /// could never be satisfied, so the plan is refused instead of hanging.
    static func checkBarrier(_ step: Step, phase: Int, dep: Step, depPhase: Int) throws(ScheduleError) {
        if depPhase > phase {
            throw ScheduleError(step: step.id, message: "depends on \(dep.id) of phase \(dep.phase), which runs after phase \(step.phase)")
        }
        if depPhase == phase, let mine = step.batch, let theirs = dep.batch, theirs > mine {
            throw ScheduleError(step: step.id, message: "in batch \(mine), depends on \(dep.id) of the later batch \(theirs)")
        }
    }
}
