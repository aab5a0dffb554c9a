import Foundation

/// A clock whose `sleep` returns at once after moving time forward, and which tests (or a fake
/// transport) can advance by hand: the probe runs for minutes of clock time in milliseconds.
public final class JumpingClock: Clock, @unchecked Sendable {
    // Invariant: `offset` is read and written only while holding `lock`.
    public struct Instant: InstantProtocol {
        public var offset: Duration
        public init(offset: Duration) { self.offset = offset }
        public func advanced(by d: Duration) -> Instant { Instant(offset: offset + d) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }
    private let lock = NSLock()
    private var offset: Duration = .zero

    public init() {}

    public var now: Instant { lock.withLock { Instant(offset: offset) } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock { if deadline.offset > offset { offset = deadline.offset } }
        await Task.yield()
        try Task.checkCancellation()
    }

    public func advance(by d: Duration) { lock.withLock { offset += d } }
}
