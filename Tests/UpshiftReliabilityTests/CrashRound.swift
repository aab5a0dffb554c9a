import Foundation
import Testing

extension CrashResumeCLITests {
    /// One round from the pristine cloud: `apply`, SIGKILLed at each point in turn (`resume` after
    /// each kill), then `resume` until the run completes; then every comparison. Returns the kills.
    func killRound(_ lab: CLILab, round: Int, points: [KillPoint], reference: (cloud: [String], states: [String])) async throws -> Int {
        try lab.restore()
        // Round 0 kills mid-schema-sync: the nova sync takes ten times longer (3 s at time factor 0.005).
        if round == 0 { try await lab.labCLI(["fault", "add", "--host", "ctl-01", "--kind", "slow-sync", "--match", "nova"]) }
        let state = lab.root + "/state-\(round)"
        var foundRunning: [String: Int] = [:]
        var kills = 0, pending = points[...], launch = 0
        while true {
            launch += 1
            guard launch <= points.count + 3 else { Issue.record("round \(round): not done after \(launch - 1) launches"); return kills }
            let out = lab.root + "/round\(round)-\(launch).jsonl"
            let p = try CLIProcess.start(launch == 1 ? lab.applyArgs(state: state) : lab.resumeArgs(state: state), stdout: out, stderr: out + ".err")
            if let point = pending.first, await CLIProcess.waitFor(p, events: out, point.reached) {
                if point.delay > 0 { try await Task.sleep(for: .milliseconds(Int(point.delay * 1000))) }
                if await CLIProcess.kill9(p) {
                    kills += 1; pending.removeFirst()
                    try await afterKill(lab, state: state, point: point, foundRunning: &foundRunning)
                    continue
                }
            }
            await CLIProcess.wait(p)
            guard p.terminationStatus == 0 else {
                Issue.record("round \(round) launch \(launch) exited \(p.terminationStatus): \(CLIProcess.text(out + ".err").suffix(800))")
                return kills
            }
            break
        }
        for case .unitStarted(let step, _) in pending { Issue.record("round \(round): the run ended before the kill \(step) (seed \(Self.seed))") }
        try await checkRound(lab, state: state, round: round, kills: kills, foundRunning: foundRunning, reference: reference)
        return kills
    }

    /// Right after a kill: which units the journal shows running, and proof that the chosen points hit.
    func afterKill(_ lab: CLILab, state: String, point: KillPoint, foundRunning: inout [String: Int]) async throws {
        let novaSchema = try lab.state.databases["nova"]
        let status = try await StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "running", "a SIGKILLed run is left running in the journal (\(point))")
        for unit in status.units(in: "running") { foundRunning[unit, default: 0] += 1 }
        guard case .unitStarted(let step, _) = point else { return }
        if step == Self.midSync {
            #expect(status.units(in: "running").contains("\(step) ctl-01"), "killed mid-sync: the journal shows the sync running")
            #expect(novaSchema == "216", "killed mid-sync: the nova schema had not moved yet (\(novaSchema ?? "nil"))")
        } else if step == Self.midBatch {
            let batch = status.units.filter { $0.step.hasSuffix("@batch-01") || $0.step.hasSuffix("@cmp-02") }
            #expect(batch.contains { $0.state == "succeeded" } && batch.contains { $0.state != "succeeded" },
                    "killed mid-batch: batch-01 is partly done: \(batch.map { "\($0.step) \($0.state)" })")
        }
    }

    /// The round's end state against the uninterrupted run, and the once-only checks.
    func checkRound(_ lab: CLILab, state: String, round: Int, kills: Int, foundRunning: [String: Int],
                    reference: (cloud: [String], states: [String])) async throws {
        let status = try await StatusView(state: state, scratch: lab.root)
        let context = "round \(round), \(kills) kills, seed \(Self.seed)"
        #expect(status.runState == "completed", "\(context)")
        #expect(status.finalStates == reference.states, "\(context): journal differs: \(Self.difference(status.finalStates, reference.states))")
        let cloud = try lab.cloud()
        #expect(cloud == reference.cloud, "\(context): cloud differs: \(Self.difference(cloud, reference.cloud))")
        #expect(status.eventKinds.filter { $0 == "stale-lock" }.count == kills, "\(context): each resume after a kill took over the dead lock")
        for u in status.units {
            let allowed = 1 + foundRunning["\(u.step) \(u.host)", default: 0]
            #expect(u.attempts >= 1 && u.attempts <= allowed, "\(context): \(u.step) on \(u.host) ran \(u.attempts) times, at most \(allowed) allowed")
        }
        for (unit, command) in Self.syncs {
            let ran = lab.logCount(host: "ctl-01", command), allowed = 1 + foundRunning["\(unit) ctl-01", default: 0]
            #expect(ran >= 1 && ran <= allowed, "\(context): \(command) reached the host \(ran) times, at most \(allowed) allowed")
        }
    }

    /// The first few lines only in `a` and only in `b`.
    static func difference(_ a: [String], _ b: [String]) -> String {
        let (sa, sb) = (Set(a), Set(b))
        return "only after kills: \(a.filter { !sb.contains($0) }.prefix(5)); only uninterrupted: \(b.filter { !sa.contains($0) }.prefix(5))"
    }
}
