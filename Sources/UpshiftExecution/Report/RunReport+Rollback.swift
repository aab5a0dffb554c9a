import Foundation
import UpshiftModel

extension RunReport {
    /// One undo of a rollback, as `status` and `report` show it.
    public struct UndoLine: Sendable, Codable, Hashable {
        /// The unit it undoes.
        public var step: StepID
        public var host: HostName?
        public var state: UnitState
        /// What it runs, or why nothing runs.
        public var undo: String
        public var startedAt: Date?
        public var seconds: Double?
        public var exitStatus: Int32?
        public var attempts: Int
        public var message: String?
        public var outputTail: String?
        enum CodingKeys: String, CodingKey {
            case step, host, state, undo, startedAt = "started_at", seconds, exitStatus = "exit_status", attempts, message
            case outputTail = "output_tail"
        }
        init(_ r: UndoRecord) {
            step = r.item.original.step
            host = r.item.original.host == UnitKey.noHost ? nil : r.item.original.host
            state = r.state; undo = r.item.note; startedAt = r.startedAt
            seconds = r.startedAt.flatMap { s in r.endedAt.map { $0.timeIntervalSince(s) } }
            exitStatus = r.exitStatus; attempts = r.attempts; message = r.message; outputTail = r.outputTail
        }
        var unitName: String { UnitKey(step: step, host: host ?? UnitKey.noHost).description }
    }

    /// Where a host stands in the rollback, in one phrase (`nil` when the run has no rollback).
    public func rollbackState(of host: HostName) -> String? {
        guard !undos.isEmpty else { return nil }
        let mine = undos.filter { $0.host == host }
        if mine.isEmpty { return "nothing to undo" }
        let done = mine.filter { $0.state == .succeeded || $0.state == .skipped }.count
        if let failed = mine.first(where: { $0.state == .failed || $0.state == .interrupted }) {
            return "rollback \(failed.state.rawValue) at \(failed.unitName) (\(done) of \(mine.count) undone): \(failed.message ?? "no message")"
        }
        if let running = mine.first(where: { $0.state == .running }) { return "rollback stopped during \(running.unitName) (\(done) of \(mine.count) undone)" }
        return done == mine.count ? "rolled back (\(done) undone)" : "rolling back: \(done) of \(mine.count) undone"
    }

    /// The rollback in one line: how many undos are done, failed and left.
    public var rollbackSummary: String? {
        guard !undos.isEmpty else { return nil }
        let by = Dictionary(grouping: undos, by: \.state).mapValues(\.count)
        let done = (by[.succeeded] ?? 0) + (by[.skipped] ?? 0)
        let failed = (by[.failed] ?? 0) + (by[.interrupted] ?? 0)
        let left = undos.count - done - failed
        return "Rollback: \(done) of \(undos.count) undos done, \(failed) failed, \(left) left"
    }

    /// Undos that failed or were interrupted, in the order they ran.
    public var undoFailures: [UndoLine] { undos.filter { $0.state == .failed || $0.state == .interrupted } }
}

/// The rollback section of the text report: the summary, then every undo that ran, in order.
enum RollbackReportText {
    static func lines(_ r: RunReport) -> [String] {
        guard let summary = r.rollbackSummary else { return [] }
        var out = ["", summary]
        for u in r.undos where u.state != .pending || u.attempts > 0 {
            var line = "  \(u.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) undo \(u.unitName) (\(Fmt.seconds(u.seconds)))"
            if u.state == .failed || u.state == .interrupted { line += ": \(u.message ?? "failed")" }
            out.append(line)
        }
        let left = r.undos.filter { $0.state == .pending }.count
        if left > 0 { out.append("  \(left) undos not started") }
        return out
    }
}
