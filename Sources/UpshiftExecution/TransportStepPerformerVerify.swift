import Foundation
import UpshiftModel
import UpshiftPlanning

extension TransportStepPerformer {
    /// Checks on the host whether a non-idempotent step found running at resume took effect.
    ///
    /// A schema sync is done when the pack's version command prints the target version; a
    /// backup when its file is non-empty. Anything else cannot be checked automatically: the unit
    /// is marked failed with a message saying what to look at (the next `resume` re-runs it).
    public func verify(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
        guard let target = inventory.host(host) else { return unknownHost(host) }
        guard let probe = probe(for: step, on: host) else {
            return StepOutcome(.failed, message: "\(step.id) was running on \(host) when upshift stopped and cannot be checked automatically: check it by hand, then `upshift resume` runs it again")
        }
        do {
            let result = try await transport.run(RemoteCommand(probe.script), on: HostTarget(target))
            let out = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            if result.succeeded, probe.expect.map({ Self.versionMatches(stdout: out, stderr: result.stderrText, $0) }) ?? true {
                return StepOutcome(.succeeded, exitStatus: 0, message: "verified on \(host) after resume: \(probe.what)")
            }
            return StepOutcome(.failed, exitStatus: result.exitStatus, outputTail: tail(of: result),
                               message: "\(step.id) was interrupted on \(host) and did not take effect (\(probe.what) not confirmed): `upshift resume` runs it again")
        } catch {
            return StepOutcome(.failed, message: "cannot verify \(step.id) on \(host): \(secrets.redact(error.description))")
        }
    }

    /// A read-only command that tells whether the step took effect, and the versions that mean it did.
    func probe(for step: Step, on host: HostName) -> (script: String, expect: [String]?, what: String)? {
        switch step.action {
        case .syncSchema:
            let dbs = step.service.flatMap(pack.service)?.databases ?? []
            guard let db = dbs.first(where: { $0.name == step.params.database }) ?? dbs.first, let command = db.versionCommand, let want = db.toVersion else { return nil }
            guard let script = renderer.queryAs(user: db.user, command: command, on: host) else { return nil }
            let all = [want] + db.laterHeads
            return (script, all, "\(db.name) schema at version \(all.joined(separator: " or "))")
        case .backupDatabase:
            guard let path = step.params.path else { return nil }
            return ("test -s \(ShellQuote.quote(path))", nil, "backup \(path) exists")
        default:
            return nil
        }
    }

    /// Whether a version command's output names one of `wanted`, read as discovery reads it (the last
    /// line, or alembic's `Current revision …: down -> rev (head), rev`). Integers compare by value,
    /// so a pack's "044" matches the "44" sqlalchemy-migrate prints.
    static func versionMatches(stdout: String, stderr: String, _ wanted: [String]) -> Bool {
        guard let got = Discovery.schemaVersion(stdout: stdout, stderr: stderr) else { return false }
        return wanted.contains { w in w == got || (Int(w).map { $0 == Int(got) } ?? false) }
    }
}
