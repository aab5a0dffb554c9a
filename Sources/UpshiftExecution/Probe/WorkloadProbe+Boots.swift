import UpshiftModel
import UpshiftPlanning

extension WorkloadProbe {
    /// One step of the instance workload: boot when nothing is in flight, else poll the instance
    /// and delete it once it is ACTIVE, ERROR or past the boot timeout.
    func workloadStep(_ state: inout ProbeState, now t: Double) async {
        guard let inFlight = state.inFlight else {
            guard state.boots.attempted < options.maxBoots else { return }
            state.boots.attempted += 1
            let name = options.namePrefix + String(state.boots.attempted)
            let ops = options.operations
            let command = ProbeTemplate.render(ops.boot.command, ["flavor": options.flavor, "image": options.image, "name": name],
                                               network: options.networkID, networkArguments: ops.boot.networkArguments)
            switch await query(command) {
            case .success(let out):
                // Only the id is read (a client's table may also hold the instance's adminPass).
                if let id = ProbeTemplate.read(ops.boot.id, in: out), !id.isEmpty {
                    state.inFlight = (id, name, t)
                } else {
                    state.boots.failed += 1
                    state.fail(at: t, "boot \(name)", "no instance id in the boot output")
                }
            case .failure(let f):
                // Refused before any instance existed: API unavailability, not a failed instance.
                state.boots.refused += 1
                state.fail(at: t, "boot \(name) refused", f.message)
            }
            return
        }
        let show = options.operations.show
        switch await query(ProbeTemplate.render(show.command, ["id": inFlight.id])) {
        case .failure(let f):
            state.fail(at: t, "show \(inFlight.name)", f.message)
            if t - inFlight.since > Self.seconds(options.bootTimeout) { await finish(&state, failed: "no answer within the boot timeout", at: t) }
        case .success(let out):
            let status = ProbeTemplate.read(show.status, in: out)
            switch status?.uppercased() {
            case "ACTIVE":
                state.boots.active += 1
                await delete(&state, at: t)
            case "ERROR":
                let fault = show.fault.flatMap { ProbeTemplate.read($0, in: out) }.map { Redaction.summary($0) } ?? ""
                await finish(&state, failed: "ended in ERROR\(fault.isEmpty ? "" : ": \(fault)")", at: t)
            default:
                if t - inFlight.since > Self.seconds(options.bootTimeout) {
                    await finish(&state, failed: "not ACTIVE after \(Int(Self.seconds(options.bootTimeout))) s (status \(status ?? "?"))", at: t)
                }
            }
        }
    }

    private func finish(_ state: inout ProbeState, failed why: String, at t: Double) async {
        guard let inFlight = state.inFlight else { return }
        state.boots.failed += 1
        state.fail(at: t, "boot \(inFlight.name)", why)
        await delete(&state, at: t)
    }

    private func delete(_ state: inout ProbeState, at t: Double) async {
        guard let inFlight = state.inFlight else { return }
        state.inFlight = nil
        switch await query(deleteCommand(inFlight.id)) {
        case .success: state.boots.deleted += 1
        case .failure(let f):
            state.fail(at: t, "delete \(inFlight.name)", f.message)
            state.undeleted.append(inFlight.id)
        }
    }

    private func deleteCommand(_ id: String) -> String { ProbeTemplate.render(options.operations.delete, ["id": id]) }

    /// Deletes what is still around (the instance in flight, failed deletes), once each.
    func cleanUp(_ state: ProbeState, at t: Double) async -> ProbeState {
        var state = state
        var ids = state.undeleted
        if let inFlight = state.inFlight { ids.append(inFlight.id); state.inFlight = nil }
        state.undeleted = []
        for id in ids {
            switch await query(deleteCommand(id)) {
            case .success: state.boots.deleted += 1
            case .failure(let f):
                state.fail(at: t, "delete \(id)", f.message)
                state.boots.leftBehind.append(id)
            }
        }
        return state
    }
}
