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
                    state.inFlight = (id, name, t, false)
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
        if inFlight.migrating { await migrationStep(&state, now: t); return }
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
                if options.migrate, options.operations.migrate != nil { await startMigration(&state, at: t) } else { await delete(&state, at: t) }
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

    /// Starts the pack's migration of the ACTIVE instance. A refusal naming `no_target` (Nova's "No
    /// valid host" on a cloud with one enabled compute): nothing to migrate to, the instance is deleted.
    private func startMigration(_ state: inout ProbeState, at t: Double) async {
        guard let inFlight = state.inFlight, let migrate = options.operations.migrate else { return }
        switch await query(ProbeTemplate.render(migrate.command, ["id": inFlight.id])) {
        case .success:
            state.boots.migrations += 1
            state.inFlight = (inFlight.id, inFlight.name, t, true)
        case .failure(let f) where migrate.noTarget.map { f.message.contains($0) } ?? false:
            await delete(&state, at: t)
        case .failure(let f):
            state.boots.migrations += 1
            await migrationFailed(&state, "migrate \(inFlight.name) refused", f.message, at: t)
        }
    }

    /// Polls a migrating instance: `confirm_status` (VERIFY_RESIZE) is confirmed; RESIZE past the boot
    /// timeout (a dropped cast never ends) or ERROR is a failed migration. Then the instance is deleted.
    private func migrationStep(_ state: inout ProbeState, now t: Double) async {
        guard let inFlight = state.inFlight, let migrate = options.operations.migrate else { return }
        let op = "migrate \(inFlight.name)", show = options.operations.show
        switch await query(ProbeTemplate.render(show.command, ["id": inFlight.id])) {
        case .failure(let f):
            state.fail(at: t, "show \(inFlight.name)", f.message)
            if t - inFlight.since > Self.seconds(options.bootTimeout) { await migrationFailed(&state, op, "no answer within the boot timeout", at: t) }
        case .success(let out):
            let status = ProbeTemplate.read(show.status, in: out)?.uppercased()
            let fault = show.fault.flatMap { ProbeTemplate.read($0, in: out) }.map { Redaction.summary($0) } ?? ""
            switch status {
            case migrate.confirmStatus.uppercased():
                switch await query(ProbeTemplate.render(migrate.confirm, ["id": inFlight.id])) {
                case .success: state.boots.migrated += 1; await delete(&state, at: t)
                case .failure(let f): await migrationFailed(&state, "resize-confirm \(inFlight.name)", f.message, at: t)
                }
            case "ERROR":
                await migrationFailed(&state, op, "ended in ERROR: \(fault)", at: t)
            case "ACTIVE":
                await migrationFailed(&state, op, "ACTIVE again without \(migrate.confirmStatus): the migration was reverted", at: t)
            case let status:
                guard t - inFlight.since > Self.seconds(options.bootTimeout) else { return }
                let task = migrate.taskState.flatMap { ProbeTemplate.read($0, in: out) } ?? "?"
                await migrationFailed(&state, op, "still \(status ?? "?") (task_state \(task)) after \(Int(Self.seconds(options.bootTimeout))) s", at: t)
            }
        }
    }

    private func migrationFailed(_ state: inout ProbeState, _ operation: String, _ why: String, at t: Double) async {
        state.boots.migrationsFailed += 1
        state.fail(at: t, operation, why)
        await delete(&state, at: t)
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
