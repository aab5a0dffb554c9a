import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftJournalSQLite

@Suite("SQLite journal: durability, lock, crash and resume")
struct JournalDurabilityTests {
    typealias F = PlanFixtures

    static func finalStates(_ journal: any Journal) throws -> [UnitKey: UnitState] {
        let run = try #require(try journal.latestRun())
        return Dictionary(uniqueKeysWithValues: try journal.units(of: run.id).map { ($0.unit, $0.state) })
    }

    @Test("killed at any outcome, reopened and resumed: the same final states as an uninterrupted run, no once-only step run twice",
          arguments: Array(1...13))
    func crashAndResume(crashAt: Int) async throws {
        let reference = InMemoryJournal()
        _ = try await executor(reference, FakeHostsPerformer()).apply(F.cloud, planHash: "h", options: .init(parallel: 3, assumeYes: true))

        let dir = try temporaryStateDirectory()
        let path = dir + "/journal.sqlite"
        let hosts = FakeHostsPerformer()
        let dying = CrashingJournal(try SQLiteJournal(path: path), crashAtOutcome: crashAt)
        await #expect(throws: SimulatedCrash.self) {
            _ = try await executor(dying, hosts, pid: 4242).apply(F.cloud, planHash: "h", options: .init(parallel: 3, assumeYes: true))
        }
        let reopened = try SQLiteJournal(path: path)
        #expect(try reopened.latestRun()?.lockOwner == LockOwner(pid: 4242), "the dead process still holds the lock")
        let summary = try await executor(reopened, hosts, pid: 4343, alive: false).resume()
        #expect(summary.end == .completed)
        #expect(try Self.finalStates(reopened) == Self.finalStates(reference))
        for step in F.cloud.steps where !step.idempotent {
            for unit in UnitKey.units(of: step) { #expect(hosts.count(unit) == 1, "\(unit) ran \(hosts.count(unit)) times") }
        }
        #expect(try reopened.events(of: summary.run).contains { $0.kind == .staleLock })
    }

    @Test("a live process's lock refuses a concurrent apply and resume")
    func lockRefuses() async throws {
        let journal = try SQLiteJournal(path: try temporaryStateDirectory() + "/journal.sqlite")
        let hosts = FakeHostsPerformer()
        let dying = CrashingJournal(journal, crashAtOutcome: 1)
        _ = try? await executor(dying, hosts, pid: 4242).apply(F.cloud, planHash: "h", options: .init(assumeYes: true))
        do {
            _ = try await executor(journal, hosts, pid: 4343, alive: true).resume()
            Issue.record("resume should have been refused")
        } catch let e as JournalError {
            #expect(e.code == .locked)
            #expect(e.message.contains("pid 4242"))
        }
        do {
            _ = try await executor(journal, hosts, pid: 4343, alive: true).apply(F.cloud, planHash: "h", options: .init())
            Issue.record("apply should have been refused")
        } catch let e as JournalError { #expect(e.code == .locked) }
    }

    @Test("apply refuses to start a new run over an unfinished one")
    func unfinishedRun() async throws {
        let journal = try SQLiteJournal(path: try temporaryStateDirectory() + "/journal.sqlite")
        let hosts = FakeHostsPerformer()
        hosts.faults[F.unit("nova/stop@ctl", "ctl")] = .fails("no")
        _ = try await executor(journal, hosts).apply(F.cloud, planHash: "h", options: .init())
        await #expect(throws: JournalError(.unfinishedRun, "run 1 is failed: continue it with `upshift resume`, or undo it with `upshift rollback`")) {
            _ = try await executor(journal, hosts).apply(F.cloud, planHash: "h", options: .init())
        }
    }

    @Test("the schema refuses rows that break its invariants")
    func schemaInvariants() throws {
        let journal = try SQLiteJournal(path: try temporaryStateDirectory() + "/journal.sqlite")
        let run = try journal.beginRun(plan: F.cloud, planHash: "h", options: .init(), owner: LockOwner(pid: 1), at: Date(), isAlive: { _ in true })
        #expect(throws: JournalError.self) { try journal.recordStarted(F.unit("no/such", "h"), run: run.id, at: Date()) }
        #expect(throws: JournalError.self) { try journal.setRunState(.running, run: run.id + 7, at: Date()); try journal.setVariable("", value: "x", step: "s", run: run.id) }
        #expect(throws: JournalError.self) { try journal.recordOutcome(F.unit("nova/stop@ctl", "ctl"), run: run.id, outcome: UnitOutcome(state: .running), at: Date()) }
    }

    @Test("the SQLite and in-memory journals agree on a run")
    func journalsAgree() async throws {
        let memory = InMemoryJournal()
        let sqlite = try SQLiteJournal(path: try temporaryStateDirectory() + "/journal.sqlite")
        for j in [memory, sqlite] as [any Journal] {
            let hosts = FakeHostsPerformer()
            hosts.faults[F.unit("computes/upgrade@batch-01", "c3")] = .fails("no")
            _ = try await executor(j, hosts).apply(F.cloud, planHash: "h", options: .init(parallel: 2, maxFailures: .count(1), assumeYes: true))
        }
        #expect(try Self.finalStates(memory) == Self.finalStates(sqlite))
        #expect(try memory.units(of: 1).map(\.message) == sqlite.units(of: 1).map(\.message))
        #expect(try memory.latestRun()?.plan == sqlite.latestRun()?.plan)
        #expect(try memory.latestRun()?.options == sqlite.latestRun()?.options)
    }
}

/// Power loss: what a once-only unit's start must survive, and what it costs the others.
@Suite("SQLite journal: once-only starts are fsynced, idempotent ones are not")
struct JournalPowerLossTests {
    typealias F = PlanFixtures

    @Test("recordStartedDurably commits under synchronous=FULL and leaves the writer at NORMAL; recordStarted makes no durable write")
    func durableStartIsFull() throws {
        let journal = try SQLiteJournal(path: try temporaryStateDirectory() + "/journal.sqlite")
        let run = try journal.beginRun(plan: F.cloud, planHash: "h", options: .init(parallel: 1), owner: LockOwner(pid: 1),
                                       at: Date(), isAlive: { _ in true })
        #expect(try journal.writerSynchronous() == 1, "GRDB's WAL default: NORMAL")
        try journal.recordStarted(F.unit("nova/stop@ctl", "ctl"), run: run.id, at: Date())
        #expect(journal.lastDurableWriteSynchronous == nil, "an idempotent start costs no fsync")
        try journal.recordStartedDurably(F.unit("nova/db-sync@ctl", "ctl"), run: run.id, at: Date())
        #expect(journal.lastDurableWriteSynchronous == 2, "committed under FULL")
        #expect(try journal.writerSynchronous() == 1, "back to NORMAL for the records after it")
        let units = Dictionary(uniqueKeysWithValues: try journal.units(of: run.id).map { ($0.unit, $0) })
        #expect(units[F.unit("nova/db-sync@ctl", "ctl")]?.state == .running && units[F.unit("nova/db-sync@ctl", "ctl")]?.attempts == 1)
        #expect(throws: JournalError.self) { try journal.recordStartedDurably(F.unit("no/such", "h"), run: run.id, at: Date()) }
        #expect(try journal.writerSynchronous() == 1, "restored after a failed durable write too")
    }

    @Test("the executor starts exactly the units of non-idempotent steps durably")
    func executorUsesDurableStartsForOnceOnlySteps() async throws {
        let journal = StartRecordingJournal(InMemoryJournal())
        let summary = try await executor(journal, FakeHostsPerformer()).apply(F.cloud, planHash: "h", options: .init(parallel: 3, assumeYes: true))
        #expect(summary.end == .completed)
        let onceOnly = Set(F.cloud.steps.filter { !$0.idempotent }.flatMap { UnitKey.units(of: $0) })
        #expect(!onceOnly.isEmpty)
        #expect(Set(journal.durable) == onceOnly && journal.durable.count == onceOnly.count)
        #expect(Set(journal.plain).isDisjoint(with: onceOnly) && journal.plain.count + journal.durable.count == F.cloud.steps.flatMap { UnitKey.units(of: $0) }.count)
    }
}

/// Forwards to `inner` and records which starts were asked to be durable.
/// `@unchecked Sendable`: the two arrays are only touched while `lock` is held.
final class StartRecordingJournal: ForwardingJournal, @unchecked Sendable {
    let inner: any Journal
    private let lock = NSLock()
    private var durableStarts: [UnitKey] = [], plainStarts: [UnitKey] = []
    var durable: [UnitKey] { lock.withLock { durableStarts } }
    var plain: [UnitKey] { lock.withLock { plainStarts } }
    init(_ inner: any Journal) { self.inner = inner }
    func recordStarted(_ unit: UnitKey, run: RunID, at: Date) throws {
        lock.withLock { plainStarts.append(unit) }; try inner.recordStarted(unit, run: run, at: at)
    }
    func recordStartedDurably(_ unit: UnitKey, run: RunID, at: Date) throws {
        lock.withLock { durableStarts.append(unit) }; try inner.recordStartedDurably(unit, run: run, at: at)
    }
}
