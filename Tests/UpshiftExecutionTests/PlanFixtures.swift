import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

/// Small plans built in code for scheduler and executor tests.
enum PlanFixtures {
    static func step(_ id: String, _ phase: String = "p", hosts: [String], after: [String] = [], batch: Int? = nil,
                     action: StepAction = .run, idempotent: Bool = true, ponr: Bool = false, reversible: Bool = true) -> Step {
        var params = StepParams()
        params.command = "true"; params.user = "root"
        return Step(id: StepID(id), phase: PhaseID(phase), batch: batch, action: action, hosts: hosts.map(HostName.init),
                    params: params, after: after.map(StepID.init), reversible: reversible,
                    rollback: reversible ? "undo \(id)" : nil, pointOfNoReturn: ponr, idempotent: idempotent)
    }

    static func plan(_ steps: [Step]) -> Plan {
        let hosts = Array(Set(steps.flatMap(\.hosts))).sorted()
        let phases = steps.map(\.phase).reduce(into: [PhaseID]()) { if !$0.contains($1) { $0.append($1) } }
        return Plan(method: .live, from: "havana", to: "icehouse", pack: InputRef(name: "pack.yaml", sha256: "aa"),
                    inventory: InputRef(name: "inventory.yaml", sha256: "bb"), hosts: hosts, options: PlanOptions(),
                    decisions: [], phases: phases.map { PhaseInfo(id: $0, title: $0.rawValue, summary: "") }, steps: steps)
    }

    /// A small live-upgrade-shaped plan: controller work, a point of no return, a canary and a batch of computes.
    static var cloud: Plan {
        plan([
            step("nova/stop@ctl", "ctl", hosts: ["ctl"]),
            step("nova/backup-db@ctl", "ctl", hosts: ["ctl"], after: ["nova/stop@ctl"], action: .backupDatabase, idempotent: false),
            step("nova/db-sync@ctl", "ctl", hosts: ["ctl"], after: ["nova/backup-db@ctl"], action: .syncSchema,
                 idempotent: false, ponr: true, reversible: false),
            step("nova/start@ctl", "ctl", hosts: ["ctl"], after: ["nova/db-sync@ctl"]),
            step("computes/upgrade@batch-00", "computes", hosts: ["c1"], batch: 0),
            step("computes/start@batch-00", "computes", hosts: ["c1"], after: ["computes/upgrade@batch-00"], batch: 0),
            step("computes/upgrade@batch-01", "computes", hosts: ["c2", "c3", "c4"], batch: 1),
            step("computes/start@batch-01", "computes", hosts: ["c2", "c3", "c4"], after: ["computes/upgrade@batch-01"], batch: 1),
            step("nova/unpin@ctl", "unpin", hosts: ["ctl"]),
        ])
    }

    static func unit(_ step: String, _ host: String) -> UnitKey { UnitKey(step: StepID(step), host: HostName(host)) }
}

/// Drives a scheduler to its end: completes running units oldest first with the given results
/// (default success) and records what happened.
struct SchedulerDriver {
    var scheduler: Scheduler
    var results: [UnitKey: UnitResult] = [:]
    var answer = true
    var started: [UnitKey] = []
    var verified: [UnitKey] = []
    var skipped: [UnitKey: String] = [:]
    var confirmations: [StepID] = []
    var pauses: [PauseReason] = []
    var end: RunEnd?
    var maxInFlight = 0
    var running: [UnitKey] = []
    /// Stop (as a crash would) after this many completions.
    var stopAfter: Int?
    /// Window points asked, and the one whose forecast does not fit (the window closes there).
    var windowChecks: [WindowPoint] = []
    var closeWindowAt: WindowPoint?

    init(_ scheduler: Scheduler) { self.scheduler = scheduler }

    mutating func run() {
        var queue = scheduler.start()
        var completions = 0
        while end == nil {
            while !queue.isEmpty {
                let action = queue.removeFirst()
                switch action {
                case .start(let u): started.append(u); running.append(u)
                case .verify(let u): verified.append(u); running.append(u)
                case .skip(let u, let why): skipped[u] = why
                case .confirm(let s): confirmations.append(s); queue += scheduler.confirmation(given: answer)
                case .pause(let p): pauses.append(p)
                case .checkWindow(let p):
                    windowChecks.append(p)
                    let stop = p == closeWindowAt ? WindowStop(point: p, deadline: Date(timeIntervalSince1970: 0), seconds: 60, source: "x",
                                                               leftUnits: 0, leftSeconds: 0, leftSource: "x") : nil
                    queue += scheduler.windowAnswer(p, stop: stop)
                case .finish(let e): end = e
                }
            }
            maxInFlight = max(maxInFlight, running.count)
            if end != nil { break }
            if let stopAfter, completions >= stopAfter { return }
            guard !running.isEmpty else { Issue.record("scheduler stalled without finishing"); return }
            let u = running.removeFirst()
            completions += 1
            queue += scheduler.unitFinished(u, results[u] ?? .succeeded)
        }
    }
}
