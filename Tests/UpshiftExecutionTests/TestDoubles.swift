import Foundation
import UpshiftModel
@testable import UpshiftExecution

/// A clock that moves one second per reading and never sleeps.
///
/// `@unchecked Sendable`: `t` is only touched while `lock` is held.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = Date(timeIntervalSince1970: 1_700_000_000)
    func now() -> Date { lock.lock(); defer { lock.unlock() }; t += 1; return t }
    var clock: ExecutionClock { ExecutionClock(now: { self.now() }, sleep: { _ in await Task.yield() }) }
}

/// Stands in for the hosts: performing a unit leaves an effect; faults are data.
///
/// `@unchecked Sendable`: the dictionaries are only touched while `lock` is held.
final class FakeHostsPerformer: StepPerformer, @unchecked Sendable {
    enum Fault: Sendable { case fails(String) }
    private let lock = NSLock()
    private var counts: [UnitKey: Int] = [:]
    private var effects: Set<UnitKey> = []
    private var verifies: [UnitKey] = []
    var faults: [UnitKey: Fault] {
        get { lock.lock(); defer { lock.unlock() }; return _faults }
        set { lock.lock(); _faults = newValue; lock.unlock() }
    }
    private var _faults: [UnitKey: Fault] = [:]
    /// Called after each performed unit (tests use it to press Ctrl-C).
    var afterPerform: (@Sendable (UnitKey) -> Void)?

    func perform(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
        let unit = UnitKey(step: step.id, host: host)
        let fault = lock.withLock {
            counts[unit, default: 0] += 1
            let fault = _faults[unit]
            if fault == nil { effects.insert(unit) }
            return fault
        }
        afterPerform?(unit)
        if case .fails(let why) = fault { return StepOutcome(.failed, exitStatus: 1, outputTail: "boom", message: why) }
        if step.action == .lookup { return StepOutcome(.succeeded, exitStatus: 0, variables: [step.params.variable ?? "v": "abc123"]) }
        return StepOutcome(.succeeded, exitStatus: 0)
    }

    func verify(_ step: Step, on host: HostName, context: PerformContext) async -> StepOutcome {
        let unit = UnitKey(step: step.id, host: host)
        return lock.withLock {
            verifies.append(unit)
            return effects.contains(unit) ? StepOutcome(.succeeded, message: "verified") : StepOutcome(.failed, message: "not done")
        }
    }

    func count(_ unit: UnitKey) -> Int { lock.lock(); defer { lock.unlock() }; return counts[unit] ?? 0 }
    var performCounts: [UnitKey: Int] { lock.lock(); defer { lock.unlock() }; return counts }
    var verified: [UnitKey] { lock.lock(); defer { lock.unlock() }; return verifies }
}

/// The simulated crash: the process dies at this point.
struct SimulatedCrash: Error {}

/// A test journal that passes every call to `inner`; a conformer writes only the calls it changes.
protocol ForwardingJournal: Journal {
    var inner: any Journal { get }
}

extension ForwardingJournal {
    func beginRun(plan: Plan, planHash: String, options: RunOptions, owner: LockOwner, at: Date, isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        try inner.beginRun(plan: plan, planHash: planHash, options: options, owner: owner, at: at, isAlive: isAlive)
    }
    func takeOver(owner: LockOwner, at: Date, isAlive: @Sendable (Int32) -> Bool) throws -> RunRecord {
        try inner.takeOver(owner: owner, at: at, isAlive: isAlive)
    }
    func releaseLock(run: RunID, owner: LockOwner) throws { try inner.releaseLock(run: run, owner: owner) }
    func latestRun() throws -> RunRecord? { try inner.latestRun() }
    func runs() throws -> [RunRecord] { try inner.runs() }
    func units(of run: RunID) throws -> [UnitRecord] { try inner.units(of: run) }
    func recordStarted(_ unit: UnitKey, run: RunID, at: Date) throws { try inner.recordStarted(unit, run: run, at: at) }
    func recordStartedDurably(_ unit: UnitKey, run: RunID, at: Date) throws { try inner.recordStartedDurably(unit, run: run, at: at) }
    func recordOutcome(_ unit: UnitKey, run: RunID, outcome: UnitOutcome, at: Date) throws {
        try inner.recordOutcome(unit, run: run, outcome: outcome, at: at)
    }
    func recordEvent(_ event: JournalEvent, run: RunID) throws { try inner.recordEvent(event, run: run) }
    func events(of run: RunID) throws -> [JournalEvent] { try inner.events(of: run) }
    func setVariable(_ name: String, value: String, step: StepID, run: RunID) throws {
        try inner.setVariable(name, value: value, step: step, run: run)
    }
    func variables(of run: RunID) throws -> [String: String] { try inner.variables(of: run) }
    func setRunState(_ state: RunState, run: RunID, at: Date) throws { try inner.setRunState(state, run: run, at: at) }
    func recordProbe(_ report: ProbeReport, run: RunID) throws { try inner.recordProbe(report, run: run) }
    func probe(of run: RunID) throws -> ProbeReport? { try inner.probe(of: run) }
    func beginRollback(_ items: [UndoItem], target: StepID?, run: RunID, at: Date) throws {
        try inner.beginRollback(items, target: target, run: run, at: at)
    }
    func undos(of run: RunID) throws -> [UndoRecord] { try inner.undos(of: run) }
    func recordUndoStarted(_ position: Int, run: RunID, at: Date) throws { try inner.recordUndoStarted(position, run: run, at: at) }
    func recordUndoOutcome(_ position: Int, run: RunID, outcome: UnitOutcome, at: Date) throws {
        try inner.recordUndoOutcome(position, run: run, outcome: outcome, at: at)
    }
}

/// A journal that dies (throws, as a killed process stops writing) at the N-th outcome it is
/// asked to record, before recording it: the unit stays `running` in the journal.
///
/// `@unchecked Sendable`: `outcomes` is only touched while `lock` is held.
final class CrashingJournal: ForwardingJournal, @unchecked Sendable {
    let inner: any Journal
    let crashAt: Int
    let crashUnit: UnitKey?
    private let lock = NSLock()
    private var outcomes = 0
    init(_ inner: any Journal, crashAtOutcome n: Int) { self.inner = inner; self.crashAt = n; crashUnit = nil }
    /// Dies when the outcome of `unit` is about to be recorded (mid-step, from the journal's view).
    init(_ inner: any Journal, crashAtOutcomeOf unit: UnitKey) { self.inner = inner; self.crashAt = -1; crashUnit = unit }

    func recordOutcome(_ unit: UnitKey, run: RunID, outcome: UnitOutcome, at: Date) throws {
        lock.lock(); outcomes += 1; let n = outcomes; lock.unlock()
        if n == crashAt || unit == crashUnit { throw SimulatedCrash() }
        try inner.recordOutcome(unit, run: run, outcome: outcome, at: at)
    }
}

/// A fresh temporary state directory.
func temporaryStateDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-exec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
}

func executor(_ journal: any Journal, _ performer: any StepPerformer, pid: Int32 = 4242, alive: Bool = false,
              sink: any EventSink = RecordingEventSink(), interrupt: InterruptFlag = InterruptFlag()) -> Executor {
    var e = Executor(journal: journal, performer: performer, sink: sink, confirmer: FixedConfirmer(true),
                     clock: SteppingClock().clock, interrupt: interrupt, owner: LockOwner(pid: pid), isAlive: { _ in alive })
    e.hostPlatforms = testHostPlatforms
    return e
}

/// Every host the executor tests name (the plan fixtures' `ctl`, the lab's hosts) on el6, the
/// built-in platform of the RDO pack: rollback's undos are its commands.
let testHostPlatforms: HostPlatforms = {
    var names: [HostName: String] = ["ctl": "el6", "cmp": "el6", "net": "el6"]
    for h in CloudFixture.inventory(computes: 12).hosts { names[h.name] = h.platform }
    return HostPlatforms(platformOf: names, platforms: CloudFixture.platforms)
}()
