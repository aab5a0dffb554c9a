import Foundation

/// A clock whose `sleep` returns at once after moving time forward, and which tests (or a fake
/// transport) can advance by hand: the probe runs for minutes of clock time in milliseconds.
final class JumpingClock: Clock, @unchecked Sendable {
    // Invariant: `offset` is read and written only while holding `lock`.
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by d: Duration) -> Instant { Instant(offset: offset + d) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }
    private let lock = NSLock()
    private var offset: Duration = .zero

    var now: Instant { lock.withLock { Instant(offset: offset) } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock { if deadline.offset > offset { offset = deadline.offset } }
        await Task.yield()
        try Task.checkCancellation()
    }

    func advance(by d: Duration) { lock.withLock { offset += d } }
}
