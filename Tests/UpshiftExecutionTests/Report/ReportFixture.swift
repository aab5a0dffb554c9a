import Foundation
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

/// A finished run of `PlanFixtures.cloud` (one compute failed, with output) and a workload probe
/// that saw the Nova API down while the schema sync ran: the input of the report tests.
enum ReportFixture {
    static func report() async throws -> RunReport {
        var plan = PlanFixtures.cloud
        plan.decisions = [Decision(id: "rpc-pin", summary: "computes pinned to the Havana RPC API", reason: "Havana computes keep working during the upgrade")]
        plan.steps = plan.steps.map { var s = $0; s.service = s.id.rawValue.hasPrefix("nova") ? "nova" : "nova-compute"; return s }
        let journal = InMemoryJournal(), hosts = FakeHostsPerformer()
        hosts.faults[PlanFixtures.unit("computes/upgrade@batch-01", "c3")] = .fails("`yum -y upgrade` exited 1 on c3")
        _ = try await executor(journal, hosts).apply(plan, planHash: "0123456789abcdef", options: .init(maxFailures: .count(1), assumeYes: true))
        let run = try require(try journal.latestRun())
        let units = try journal.units(of: run.id)
        let sync = try require(units.first { $0.unit.step == "nova/db-sync@ctl" })
        // The probe started with the run; nova was down from 0.5 s before the sync started until it ended.
        let from = sync.startedAt!.timeIntervalSince(run.startedAt) - 0.5, to = sync.endedAt!.timeIntervalSince(run.startedAt)
        return RunReport(run: run, units: units, events: try journal.events(of: run.id), probe: probe(run.startedAt, from, to))
    }

    static func probe(_ startedAt: Date, _ from: Double, _ to: Double) -> ProbeReport {
        var state = ProbeState()
        for i in 0..<Int(to + 4) {
            let t = Double(i)
            state.record(.nova, ok: !(t >= from && t < to), at: t, message: "exit 1: ERROR: Unable to establish connection")
            state.record(.glance, ok: true, at: t)
        }
        var boots = BootStatistics()
        boots.attempted = 3; boots.active = 3; boots.deleted = 3
        let end = to + 4
        return ProbeReport(host: "ctl", startedAt: startedAt, durationSeconds: end, apis: state.availability([.nova, .glance], end: end),
                           boots: boots, failedOperations: state.failedOperations, failures: state.failures)
    }

    static func require<T>(_ v: T?) throws -> T {
        guard let v else { throw FixtureError() }
        return v
    }
    struct FixtureError: Error {}
}
