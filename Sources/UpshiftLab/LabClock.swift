import Foundation

/// The lab's notion of time: emulated durations are real (scaled) sleeps behind sshd, and a manual
/// clock in unit tests so they never sleep.
public struct LabClock: Sendable {
    /// Seconds since the epoch.
    public var now: @Sendable () -> Double
    /// Waits this many (already scaled) seconds.
    public var sleep: @Sendable (Double) async -> Void
    /// Whether this is wall-clock time (then `LabTransport` enforces `RemoteCommand.timeout`).
    public var isRealTime: Bool

    public init(now: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) async -> Void, isRealTime: Bool = false) {
        self.now = now; self.sleep = sleep; self.isRealTime = isRealTime
    }

    /// Wall-clock time and real sleeps.
    public static let system = LabClock(now: { Date().timeIntervalSince1970 }, sleep: { seconds in
        // Clamped: `sleep inf` or a huge factor must not trap the Int conversion.
        if seconds > 0, seconds.isFinite { try? await Task.sleep(for: .milliseconds(Int(min(seconds, 1e7) * 1000))) }
    }, isRealTime: true)

    /// A clock that only moves when something sleeps on it or `advance` is called.
    public static func manual(start: Double = 1_400_000_000) -> (LabClock, ManualTime) {
        let time = ManualTime(start)
        return (LabClock(now: { time.value }, sleep: { time.advance($0) }), time)
    }
}

/// The adjustable time behind `LabClock.manual`.
public final class ManualTime: @unchecked Sendable {
    // Invariant: `current` is only touched while `lock` is held.
    private let lock = NSLock()
    private var current: Double
    init(_ start: Double) { current = start }
    /// The current time.
    public var value: Double { lock.lock(); defer { lock.unlock() }; return current }
    /// Moves time forward.
    public func advance(_ seconds: Double) { lock.lock(); if seconds.isFinite { current += max(0, seconds) }; lock.unlock() }
}
