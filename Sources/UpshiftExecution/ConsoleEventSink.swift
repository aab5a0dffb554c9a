import Foundation
import UpshiftModel

/// Human lines in kubeadm style (`[nova/db-sync@ctl-01] succeeded in 3.1s`), written through an
/// injected writer (libraries never print). With `live`, a status line (phase, done, failed,
/// elapsed) is redrawn under the event lines, for terminals.
///
/// `@unchecked Sendable`: the counters are only touched while `lock` is held.
public final class ConsoleEventSink: EventSink, @unchecked Sendable {
    private let write: @Sendable (String) -> Void
    private let live: Bool
    private let total: Int
    private let timestamps: Bool
    private let lock = NSLock()
    private var done = 0, failed = 0
    private var phase: PhaseID?
    private var startedAt: Date?

    /// `total` is the number of units in the plan and `done` how many already settled (a resumed
    /// run's counter goes on from there), for the live line; `timestamps` prefixes each line with
    /// the event's UTC time (`09:06:41 [nova/db-sync@ctl-01] started`).
    public init(total: Int, done: Int = 0, live: Bool, timestamps: Bool = false, write: @escaping @Sendable (String) -> Void) {
        self.total = total; self.done = done; self.live = live; self.timestamps = timestamps; self.write = write
    }

    public func emit(_ event: RunEvent) {
        lock.lock(); defer { lock.unlock() }
        if startedAt == nil { startedAt = event.at }
        var header: String?
        if let p = event.phase, p != phase { phase = p; header = "[upshift] phase \(p)" }
        if event.kind == .unitFinished || event.kind == .unitSkipped {
            done += 1
            if event.state == UnitState.failed.rawValue { failed += 1 }
        }
        let stamp = timestamps ? OutageLine.clock(event.at) + " " : ""
        let text = Self.line(event)
        if live { write("\r\u{1B}[K") }
        if let header { write(stamp + header + "\n") }
        if let text { write(stamp + text + "\n") }
        if live, event.kind != .runFinished {
            let elapsed = Int(event.at.timeIntervalSince(startedAt ?? event.at))
            write("phase \(phase?.rawValue ?? "-") | \(done)/\(total) done | \(failed) failed | \(elapsed / 60)m\(String(format: "%02d", elapsed % 60))s")
        }
    }

    /// The plain line for an event, or `nil` for events shown only on the live line.
    public static func line(_ e: RunEvent) -> String? {
        let tag = e.unit.map { "[\($0)] " } ?? "[upshift] "
        switch e.kind {
        case .runStarted: return "\(tag)run \(e.run) started: \(e.message ?? "")"
        case .runResumed: return "\(tag)run \(e.run) resumed"
        case .unitStarted: return "\(tag)started"
        case .unitVerifying: return "\(tag)verifying: \(e.message ?? "")"
        case .unitSkipped: return "\(tag)skipped: \(e.message ?? "")"
        case .confirmation: return "\(tag)point of no return \(e.state ?? "")"
        case .paused: return "\(tag)\(e.message ?? "paused")"
        case .pointOfNoReturn: return "\(tag)crossing the point of no return"
        case .phaseStarted: return nil
        case .runFinished: return "\(tag)run \(e.run) \(e.state ?? "finished")"
        case .unitFinished:
            let secs = e.seconds.map { " in " + Fmt.seconds($0) } ?? ""
            if e.state == UnitState.succeeded.rawValue { return "\(tag)succeeded\(secs)" + (e.message.map { ": \($0)" } ?? "") }
            if e.state == UnitState.rolledBack.rawValue { return "\(tag)rolled back" + (e.message.map { ": \($0)" } ?? "") }
            var s = "\(tag)\(e.state?.uppercased() ?? "FAILED")\(secs): \(e.message ?? "")"
            if let tail = e.outputTail { s += "\n" + tail.scalarLines(omittingEmpty: true).map { "    \($0)" }.joined(separator: "\n") }
            return s
        }
    }
}

/// One JSON object per line per event (`--output json`).
public struct JSONLinesEventSink: EventSink {
    private let write: @Sendable (String) -> Void
    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }
    public func emit(_ event: RunEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(event) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
