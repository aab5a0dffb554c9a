import Foundation
import UpshiftModel

/// Everything `status` and `report` show, read from the journal only (the single source of truth).
public struct RunReport: Sendable, Codable, Hashable {
    public struct UnitLine: Sendable, Codable, Hashable {
        public var step: StepID
        public var host: HostName?
        public var phase: PhaseID
        /// The compute batch of the step (0 = canary), for batched phases.
        public var batch: Int?
        public var action: StepAction
        public var state: UnitState
        public var startedAt: Date?
        public var seconds: Double?
        public var exitStatus: Int32?
        public var attempts: Int
        public var message: String?
        public var outputTail: String?
        enum CodingKeys: String, CodingKey {
            case step, host, phase, batch, action, state, startedAt = "started_at", seconds, exitStatus = "exit_status"
            case attempts, message, outputTail = "output_tail"
        }
    }
    public struct HostTiming: Sendable, Codable, Hashable {
        public var host: HostName
        public var units: Int
        public var succeeded: Int
        public var failed: Int
        public var seconds: Double
    }
    /// The Upshift that wrote this report (the runs' own versions are in their `started`/`resumed` events).
    public var upshiftVersion = UpshiftVersion.current
    public var run: RunID
    public var planHash: String
    public var method: PlanMethod
    public var from: ReleaseName
    public var to: ReleaseName
    public var state: RunState
    public var startedAt: Date
    public var updatedAt: Date
    /// The phase of the unit started last (`nil` when every unit succeeded or nothing started).
    public var currentPhase: PhaseID?
    public var counts: [String: Int]
    public var units: [UnitLine]
    public var hosts: [HostTiming]
    /// host → service → version (exact when a version check ran, else the release the journal implies).
    public var versions: [String: [String: String]]
    /// host → service → release before the run (the plan's `from`).
    public var versionsBefore: [String: [String: String]]
    public var events: [JournalEvent]
    /// The plan's phases and decisions, as the run followed them.
    public var phases: [PhaseInfo]
    public var decisions: [Decision]
    /// The point of no return: which step, whether and when it was crossed, and on whose word.
    public var crossing: Crossing?
    /// What the workload probe measured while the run went on (failed boots, API unavailability).
    public var probe: ProbeReport?
    /// Each API outage the probe saw, with the units running then.
    public var outages: [OutageLine]
    /// Phases and hosts in rows (what `status` shows); `status` recomputes it at its own time.
    public var summary: StatusTable?
    /// The undos of the run's latest rollback, in the order they run (empty when it was never rolled back).
    public var undos: [UndoLine]
    enum CodingKeys: String, CodingKey {
        case upshiftVersion = "upshift_version", run, planHash = "plan_hash", method, from, to, state, startedAt = "started_at", updatedAt = "updated_at"
        case currentPhase = "current_phase", counts, units, hosts, versions, versionsBefore = "versions_before", events
        case phases, decisions, crossing, probe, outages, summary, undos
    }

    /// Builds the report of a run from its journal rows.
    public init(run: RunRecord, units records: [UnitRecord], events: [JournalEvent], probe: ProbeReport? = nil, undos: [UndoRecord] = []) {
        self.probe = probe
        self.undos = undos.map(UndoLine.init)
        let plan = run.plan
        self.run = run.id; planHash = run.planHash; method = plan.method; from = plan.from; to = plan.to
        state = run.state; startedAt = run.startedAt; updatedAt = run.updatedAt; self.events = events
        units = records.compactMap { r in
            guard let step = plan.step(r.unit.step) else { return nil }
            let secs = zipDates(r.startedAt, r.endedAt).map { $1.timeIntervalSince($0) }
            return UnitLine(step: r.unit.step, host: r.unit.host == UnitKey.noHost ? nil : r.unit.host, phase: step.phase, batch: step.batch,
                            action: step.action, state: r.state, startedAt: r.startedAt, seconds: secs,
                            exitStatus: r.exitStatus, attempts: r.attempts, message: r.message, outputTail: r.outputTail)
        }
        let allDone = units.allSatisfy { $0.state == .succeeded }
        currentPhase = allDone ? nil : units.filter { $0.startedAt != nil }.max { $0.startedAt! < $1.startedAt! }?.phase
        counts = Dictionary(grouping: units, by: \.state.rawValue).mapValues(\.count)
        var timing: [HostName: HostTiming] = [:]
        for u in units {
            guard let h = u.host else { continue }
            var t = timing[h] ?? HostTiming(host: h, units: 0, succeeded: 0, failed: 0, seconds: 0)
            t.units += 1; t.seconds += u.seconds ?? 0
            if u.state == .succeeded { t.succeeded += 1 }
            if u.state == .failed { t.failed += 1 }
            timing[h] = t
        }
        hosts = timing.values.sorted { $0.host < $1.host }
        versionsBefore = VersionMatrix.before(plan: plan)
        versions = VersionMatrix.build(plan: plan, units: units)
        phases = plan.phases; decisions = plan.decisions
        crossing = Crossing(plan: plan, options: run.options, events: events)
        let units = self.units, end = run.updatedAt
        outages = probe?.outageLines { from, to in Self.running(units, from: from, to: to, end: end) } ?? []
        summary = StatusTable(self, now: end)
    }

    /// What ran at some point of [from, to], in the order it started: a unit (`step@host`) when one
    /// host of its step ran then, else the step and how many hosts ran it.
    static func running(_ units: [UnitLine], from: Date, to: Date, end: Date) -> [OutageLine.Running] {
        var order: [StepID] = [], byStep: [StepID: [UnitLine]] = [:]
        for u in units.filter({ $0.startedAt != nil }).sorted(by: { $0.startedAt! < $1.startedAt! }) {
            let start = u.startedAt!
            let stop = u.seconds.map { start.addingTimeInterval($0) } ?? (u.state == .running ? end : start)
            guard start <= to, stop >= from else { continue }
            if byStep[u.step] == nil { order.append(u.step) }
            byStep[u.step, default: []].append(u)
        }
        return order.map { step in
            let us = byStep[step]!
            return OutageLine.Running(name: us.count == 1 ? ReportText.unitName(us[0]) : step.rawValue, hosts: us.count)
        }
    }

    /// Units that failed, in plan order.
    public var failures: [UnitLine] { units.filter { $0.state == .failed } }
    /// Units started more than once.
    public var retries: [UnitLine] { units.filter { $0.attempts > 1 } }
    /// Where the run paused (pause steps, phase boundaries).
    public var pauses: [JournalEvent] { events.filter { $0.kind == .paused } }
}


/// The host × service × version matrix as far as the journal knows it.
enum VersionMatrix {
    /// Every service of every host at the plan's `from` release.
    static func before(plan: Plan) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for step in plan.steps {
            guard let service = step.service?.rawValue else { continue }
            for host in step.hosts { out[host.rawValue, default: [:]][service] = plan.from.rawValue }
        }
        return out
    }

    /// A service is on the target release on a host once a package step of that service (or an
    /// OS upgrade) succeeded there; a version check's message gives the exact version.
    static func build(plan: Plan, units: [RunReport.UnitLine]) -> [String: [String: String]] {
        var out = before(plan: plan)
        for u in units {
            guard let host = u.host?.rawValue, let step = plan.step(u.step), let service = step.service?.rawValue else { continue }
            switch (step.action, u.state) {
            case (.upgradePackages, .succeeded), (.installPackages, .succeeded):
                if out[host]?[service] == plan.from.rawValue { out[host, default: [:]][service] = plan.to.rawValue }
            case (.upgradePackages, .running), (.upgradePackages, .failed), (.upgradePackages, .interrupted):
                out[host, default: [:]][service] = "\(plan.from)→\(plan.to)?"
            case (.verifyVersion, .succeeded):
                if let v = u.message?.split(separator: " ").last { out[host, default: [:]][service] = String(v) }
            default: break
            }
        }
        return out
    }
}
