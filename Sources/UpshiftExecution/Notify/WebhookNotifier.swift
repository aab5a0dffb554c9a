import Foundation
import UpshiftModel

/// Posts one JSON body to a URL and returns the HTTP status. Real: `URLSession` (the CLI); tests: fakes.
public protocol NotificationPosting: Sendable {
    func post(_ body: Data, to url: URL) async throws -> Int
}

/// How hard delivery tries before it drops an event.
public struct NotifyPolicy: Sendable, Hashable {
    /// Events waiting for delivery at most; one more is dropped (and journaled) instead of waiting.
    public var capacity: Int
    /// Attempts per event (the first included).
    public var attempts: Int
    /// The wait before the second attempt; it doubles each time, up to `maxDelay`.
    public var firstDelay: Duration
    public var maxDelay: Duration
    public init(capacity: Int = 64, attempts: Int = 4, firstDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.capacity = capacity; self.attempts = attempts; self.firstDelay = firstDelay; self.maxDelay = maxDelay
    }
}

/// `--notify URL`: an event sink that posts the events an operator wants to hear of (run started,
/// resumed and finished, each phase's start, a pause, a failed unit, the point of no return) as
/// JSON, one POST per event, in the order they happened.
///
/// It never blocks the run: `emit` only puts the event in a bounded queue that one background task
/// delivers, retrying with exponential backoff; an event that cannot be delivered, or finds the
/// queue full, is dropped and reported through `onDrop` (the CLI journals `notify-dropped`).
/// Never a secret: the body is the event-stream JSON without the output tail, and `onDrop` names
/// only the receiver's host.
///
/// `@unchecked Sendable`: `lastPhase`, `pending` and `lastRun` are only touched while `lock` is held
/// (the delivery task updates `pending` through `Counter`); the rest is immutable.
public final class WebhookNotifier: EventSink, @unchecked Sendable {
    public typealias Sleep = @Sendable (Duration) async -> Void
    private let continuation: AsyncStream<RunEvent>.Continuation
    private let delivery: Task<Void, Never>
    private let onDrop: @Sendable (RunID, String) -> Void
    private let lock = NSLock()
    private var lastPhase: PhaseID?
    private var lastRun: RunID?
    private let counter = Counter()

    public init(url: URL, poster: any NotificationPosting, policy: NotifyPolicy = NotifyPolicy(),
                sleep: @escaping Sleep = { try? await Task.sleep(for: $0) },
                onDrop: @escaping @Sendable (RunID, String) -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: RunEvent.self, bufferingPolicy: .bufferingOldest(policy.capacity))
        self.continuation = continuation
        self.onDrop = onDrop
        let counter = self.counter
        delivery = Task {
            for await event in stream {
                await Self.deliver(event, to: url, poster: poster, policy: policy, sleep: sleep, onDrop: onDrop)
                counter.add(-1)
            }
        }
    }

    public func emit(_ event: RunEvent) {
        for e in notified(event) {
            lock.withLock { lastRun = e.run }
            counter.add(1)
            if case .dropped = continuation.yield(e) {
                counter.add(-1)
                onDrop(e.run, "\(e.kind.rawValue) of run \(e.run) dropped: the notification queue is full (the receiver is slow or down)")
            }
        }
    }

    /// Ends the queue and waits up to `limit` (in 50 ms steps of `sleep`) for what is in it to be
    /// delivered; what is left is dropped with one note, and the delivery task is cancelled, not awaited.
    public func finish(within limit: Duration, sleep: @escaping Sleep = { try? await Task.sleep(for: $0) }) async {
        continuation.finish()
        let step = Duration.milliseconds(50)
        var waited = Duration.zero
        while counter.value > 0, waited < limit {
            await sleep(step)
            waited += step
        }
        let left = counter.value
        guard left > 0 else { return }
        delivery.cancel()
        if let run = lock.withLock({ lastRun }) { onDrop(run, "\(left) notifications not delivered: upshift ended before the receiver took them") }
    }

    /// Ends the queue and waits, however long it takes, until every event is delivered or dropped (tests).
    func drain() async {
        continuation.finish()
        await delivery.value
    }

    /// Events queued or being delivered.
    final class Counter: @unchecked Sendable {
        // Invariant: `count` is only read and written while `lock` is held.
        private let lock = NSLock()
        private var count = 0
        func add(_ n: Int) { lock.withLock { count += n } }
        var value: Int { lock.withLock { count } }
    }

    /// The events worth a notification, with a `phase-started` before the first unit of each phase.
    func notified(_ e: RunEvent) -> [RunEvent] {
        var out: [RunEvent] = []
        if e.kind == .unitStarted, e.state == "running", let phase = e.phase {
            let changed: Bool = lock.withLock { defer { lastPhase = phase }; return lastPhase != phase }
            if changed { out.append(RunEvent(.phaseStarted, at: e.at, run: e.run, phase: phase)) }
        }
        switch e.kind {
        case .runStarted, .runResumed, .runFinished, .paused, .pointOfNoReturn: out.append(e)
        case .unitFinished where e.state == UnitState.failed.rawValue: out.append(e)
        case .confirmation where e.state == "declined": out.append(e)
        default: break
        }
        return out
    }

    static func deliver(_ event: RunEvent, to url: URL, poster: any NotificationPosting, policy: NotifyPolicy,
                        sleep: Sleep, onDrop: @Sendable (RunID, String) -> Void) async {
        var body = event
        body.outputTail = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(body) else { return }
        var delay = policy.firstDelay, why = ""
        for attempt in 1...max(1, policy.attempts) {
            if Task.isCancelled { return }
            do {
                let status = try await poster.post(data, to: url)
                if (200..<300).contains(status) { return }
                why = "HTTP \(status)"
            } catch { why = "\(error)" }
            guard attempt < policy.attempts else { break }
            await sleep(delay)
            delay = min(delay * 2, policy.maxDelay)
        }
        onDrop(event.run, "\(event.kind.rawValue) of run \(event.run) not delivered to \(url.host ?? "the receiver") after \(policy.attempts) attempts: \(why)")
    }
}
