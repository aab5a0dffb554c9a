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
            var words = ["nova", "boot", "--flavor", options.flavor, "--image", options.image]
            if let net = options.networkID { words += ["--nic", "net-id=\(net)"] }
            switch await query(ShellQuote.join(words + [name])) {
            case .success(let out):
                // Only the id is read: the table also holds the instance's adminPass.
                if let id = PrettyTable.properties(out)["id"], !id.isEmpty {
                    state.inFlight = (id, name, t, false)
                } else {
                    state.boots.failed += 1
                    state.fail(at: t, "boot \(name)", "no instance id in the nova boot output")
                }
            case .failure(let f):
                // Refused before any instance existed: API unavailability, not a failed instance.
                state.boots.refused += 1
                state.fail(at: t, "boot \(name) refused", f.message)
            }
            return
        }
        if inFlight.migrating { await migrationStep(&state, now: t); return }
        switch await query("nova show \(ShellQuote.quote(inFlight.id))") {
        case .failure(let f):
            state.fail(at: t, "show \(inFlight.name)", f.message)
            if t - inFlight.since > Self.seconds(options.bootTimeout) { await finish(&state, failed: "no answer within the boot timeout", at: t) }
        case .success(let out):
            let props = PrettyTable.properties(out)
            switch props["status"]?.uppercased() {
            case "ACTIVE":
                state.boots.active += 1
                if options.migrate { await startMigration(&state, at: t) } else { await delete(&state, at: t) }
            case "ERROR":
                let fault = props["fault"].map { Redaction.summary($0) } ?? ""
                await finish(&state, failed: "ended in ERROR\(fault.isEmpty ? "" : ": \(fault)")", at: t)
            default:
                if t - inFlight.since > Self.seconds(options.bootTimeout) {
                    await finish(&state, failed: "not ACTIVE after \(Int(Self.seconds(options.bootTimeout))) s (status \(props["status"] ?? "?"))", at: t)
                }
            }
        }
    }

    /// `nova migrate` on the ACTIVE instance. A cloud with one enabled compute answers "No valid host":
    /// nothing to migrate to, so the instance is just deleted.
    private func startMigration(_ state: inout ProbeState, at t: Double) async {
        guard let inFlight = state.inFlight else { return }
        switch await query("nova migrate \(ShellQuote.quote(inFlight.id))") {
        case .success:
            state.boots.migrations += 1
            state.inFlight = (inFlight.id, inFlight.name, t, true)
        case .failure(let f) where f.message.contains("No valid host"):
            await delete(&state, at: t)
        case .failure(let f):
            state.boots.migrations += 1
            await migrationFailed(&state, "migrate \(inFlight.name) refused", f.message, at: t)
        }
    }

    /// Polls a migrating instance: VERIFY_RESIZE is confirmed, RESIZE past the boot timeout (a dropped
    /// cast never ends) or ERROR is a failed migration. Then the instance is deleted.
    private func migrationStep(_ state: inout ProbeState, now t: Double) async {
        guard let inFlight = state.inFlight else { return }
        let op = "migrate \(inFlight.name)"
        switch await query("nova show \(ShellQuote.quote(inFlight.id))") {
        case .failure(let f):
            state.fail(at: t, "show \(inFlight.name)", f.message)
            if t - inFlight.since > Self.seconds(options.bootTimeout) { await migrationFailed(&state, op, "no answer within the boot timeout", at: t) }
        case .success(let out):
            let props = PrettyTable.properties(out)
            switch props["status"]?.uppercased() {
            case "VERIFY_RESIZE":
                switch await query("nova resize-confirm \(ShellQuote.quote(inFlight.id))") {
                case .success: state.boots.migrated += 1; await delete(&state, at: t)
                case .failure(let f): await migrationFailed(&state, "resize-confirm \(inFlight.name)", f.message, at: t)
                }
            case "ERROR":
                await migrationFailed(&state, op, "ended in ERROR: \(props["fault"].map { Redaction.summary($0) } ?? "")", at: t)
            case "ACTIVE":
                await migrationFailed(&state, op, "ACTIVE again without VERIFY_RESIZE: the migration was reverted", at: t)
            case let status:
                guard t - inFlight.since > Self.seconds(options.bootTimeout) else { return }
                await migrationFailed(&state, op, "still \(status ?? "?") (task_state \(props["OS-EXT-STS:task_state"] ?? "?")) after \(Int(Self.seconds(options.bootTimeout))) s", at: t)
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
        switch await query("nova delete \(ShellQuote.quote(inFlight.id))") {
        case .success: state.boots.deleted += 1
        case .failure(let f):
            state.fail(at: t, "delete \(inFlight.name)", f.message)
            state.undeleted.append(inFlight.id)
        }
    }

    /// Deletes what is still around (the instance in flight, failed deletes), once each.
    func cleanUp(_ state: ProbeState, at t: Double) async -> ProbeState {
        var state = state
        var ids = state.undeleted
        if let inFlight = state.inFlight { ids.append(inFlight.id); state.inFlight = nil }
        state.undeleted = []
        for id in ids {
            switch await query("nova delete \(ShellQuote.quote(id))") {
            case .success: state.boots.deleted += 1
            case .failure(let f):
                state.fail(at: t, "delete \(id)", f.message)
                state.boots.leftBehind.append(id)
            }
        }
        return state
    }
}
