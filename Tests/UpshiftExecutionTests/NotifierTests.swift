import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

/// `--notify`: which events are posted, retries with backoff on an injected sleep, drops journaled
/// through `onDrop`, and a run never waits for the receiver.
@Suite("Webhook notifications")
struct NotifierTests {
    /// Answers with the given statuses in turn (then 200), recording every body.
    final class FakePoster: NotificationPosting, @unchecked Sendable {
        // Invariant: `bodies` and `statuses` are only touched while `lock` is held.
        private let lock = NSLock()
        private var statuses: [Int]
        private var bodies: [Data] = []
        let gate: AsyncStream<Void>?
        init(_ statuses: [Int] = [], gate: AsyncStream<Void>? = nil) { self.statuses = statuses; self.gate = gate }
        func post(_ body: Data, to url: URL) async throws -> Int {
            if let gate { for await _ in gate { break } }
            return lock.withLock { bodies.append(body); return statuses.isEmpty ? 200 : statuses.removeFirst() }
        }
        var kinds: [String] {
            lock.withLock { bodies.compactMap { (try? JSONSerialization.jsonObject(with: $0) as? [String: Any])?["kind"] as? String } }
        }
        var all: [Data] { lock.withLock { bodies } }
    }

    final class Drops: @unchecked Sendable {
        // Invariant: `notes` and `sleeps` are only touched while `lock` is held.
        private let lock = NSLock()
        private var notes: [String] = []
        private var sleeps: [Duration] = []
        func note(_ s: String) { lock.withLock { notes.append(s) } }
        func slept(_ d: Duration) { lock.withLock { sleeps.append(d) } }
        var all: [String] { lock.withLock { notes } }
        var delays: [Duration] { lock.withLock { sleeps } }
    }

    static let url = URL(string: "http://hooks.example/services/T0/SECRETPATH")!

    @Test("a run posts its start, each phase, the point of no return, a failure and its end; nothing else, no output tail")
    func whatIsPosted() async throws {
        let poster = FakePoster(), drops = Drops()
        let notifier = WebhookNotifier(url: Self.url, poster: poster, sleep: { _ in }) { _, why in drops.note(why) }
        let hosts = FakeHostsPerformer()
        hosts.faults = [PlanFixtures.unit("computes/upgrade@batch-01", "c3"): .fails("yum exited 1")]
        let e = Executor(journal: InMemoryJournal(), performer: hosts, sink: notifier, confirmer: FixedConfirmer(true),
                         clock: SteppingClock().clock, owner: LockOwner(pid: 1), isAlive: { _ in false })
        _ = try await e.apply(PlanFixtures.cloud, planHash: "h", options: .init())
        await notifier.drain()
        #expect(poster.kinds == ["run-started", "phase-started", "point-of-no-return", "phase-started", "unit-finished", "run-finished"], "\(poster.kinds)")
        let objects = poster.all.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        #expect(objects.filter { $0["kind"] as? String == "phase-started" }.compactMap { $0["phase"] as? String } == ["ctl", "computes"])
        let failure = try #require(objects.first { $0["kind"] as? String == "unit-finished" })
        #expect(failure["host"] as? String == "c3" && failure["state"] as? String == "failed" && failure["message"] as? String == "yum exited 1")
        #expect(objects.last?["state"] as? String == "failed")
        #expect(!poster.all.contains { String(decoding: $0, as: UTF8.self).contains("output_tail") })
        #expect(drops.all.isEmpty)
    }

    @Test("a pause after a phase is posted, and so is a declined point of no return, each with the run's end")
    func pauseIsPosted() async throws {
        for (confirm, pauseAfter, expected) in [(true, ["ctl"], ["run-started", "phase-started", "point-of-no-return", "paused", "run-finished"]),
                                                (false, [], ["run-started", "phase-started", "confirmation", "run-finished"])] {
            let poster = FakePoster()
            let notifier = WebhookNotifier(url: Self.url, poster: poster, sleep: { _ in }) { _, _ in }
            let e = Executor(journal: InMemoryJournal(), performer: FakeHostsPerformer(), sink: notifier, confirmer: FixedConfirmer(confirm),
                             clock: SteppingClock().clock, owner: LockOwner(pid: 1), isAlive: { _ in false })
            _ = try await e.apply(PlanFixtures.cloud, planHash: "h", options: .init(pauseAfter: pauseAfter.map(PhaseID.init)))
            await notifier.drain()
            #expect(poster.kinds == expected)
            let last = try #require(poster.all.last.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
            #expect(last["state"] as? String == "paused")
        }
    }

    @Test("a failing receiver is retried with doubling delays, then the event is dropped with a note naming only the host")
    func retriesThenDrops() async throws {
        let poster = FakePoster([500, 503, 500, 500, 502, 200]), drops = Drops()
        let notifier = WebhookNotifier(url: Self.url, poster: poster, policy: NotifyPolicy(attempts: 4, firstDelay: .milliseconds(500), maxDelay: .seconds(1)),
                                       sleep: { drops.slept($0) }) { _, why in drops.note(why) }
        notifier.emit(RunEvent(.runStarted, at: Date(), run: 7, message: "3 steps"))
        notifier.emit(RunEvent(.runFinished, at: Date(), run: 7, state: "completed"))
        await notifier.drain()
        #expect(drops.delays == [.milliseconds(500), .seconds(1), .seconds(1), .milliseconds(500)])
        #expect(drops.all == ["run-started of run 7 not delivered to hooks.example after 4 attempts: HTTP 500"])
        #expect(poster.kinds == ["run-started", "run-started", "run-started", "run-started", "run-finished", "run-finished"])
    }

    @Test("emit never waits for the receiver: a full queue drops the newest event and says so")
    func neverBlocks() async throws {
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let poster = FakePoster(gate: gate), drops = Drops()
        let notifier = WebhookNotifier(url: Self.url, poster: poster, policy: NotifyPolicy(capacity: 2), sleep: { _ in }) { _, why in drops.note(why) }
        for i in 0..<5 { notifier.emit(RunEvent(.paused, at: Date(), run: 1, message: "pause \(i)")) }
        #expect(drops.all.count >= 2 && drops.all.allSatisfy { $0.contains("queue is full") }, "\(drops.all)")
        open.finish()
        await notifier.drain()
        #expect(poster.all.count + drops.all.count == 5)
    }

    @Test("what is still queued when upshift ends is dropped after the bounded wait, with one note")
    func boundedWaitAtTheEnd() async throws {
        let (gate, _) = AsyncStream.makeStream(of: Void.self)
        let poster = FakePoster(gate: gate), drops = Drops()
        let notifier = WebhookNotifier(url: Self.url, poster: poster, sleep: { _ in }) { _, why in drops.note(why) }
        notifier.emit(RunEvent(.runFinished, at: Date(), run: 2, state: "completed"))
        await notifier.finish(within: .seconds(1), sleep: { _ in })
        #expect(drops.all == ["1 notifications not delivered: upshift ended before the receiver took them"])
    }
}
