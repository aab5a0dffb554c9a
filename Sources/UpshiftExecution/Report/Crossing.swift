import Foundation
import UpshiftModel

/// The point of no return of a run: its step, whether it was crossed, when, and on whose word.
public struct Crossing: Sendable, Codable, Hashable {
    public enum Authority: String, Sendable, Codable, Hashable {
        /// The operator answered yes at the prompt.
        case operatorConfirmed = "confirmed-at-prompt"
        /// `--yes` was given: nobody was asked.
        case assumeYes = "assume-yes"
        /// The operator answered no: the run stopped before it.
        case declined
        /// The run has not reached it.
        case notReached = "not-reached"
    }
    public var step: StepID
    /// When its first unit started (nil: not crossed).
    public var at: Date?
    public var authority: Authority
    /// When the operator answered, if asked.
    public var answeredAt: Date?
    enum CodingKeys: String, CodingKey { case step, at, authority, answeredAt = "answered_at" }

    /// Nil when the plan has no point of no return.
    init?(plan: Plan, options: RunOptions, events: [JournalEvent]) {
        guard let ponr = plan.pointOfNoReturn else { return nil }
        step = ponr.id
        at = events.first { $0.kind == .pointOfNoReturn && $0.step == ponr.id }?.at
        let answer = events.last { ($0.kind == .confirmed || $0.kind == .declined) && $0.step == ponr.id }
        answeredAt = answer?.at
        switch answer?.kind {
        case .confirmed: authority = .operatorConfirmed
        case .declined where at == nil: authority = .declined
        default: authority = at != nil && options.assumeYes ? .assumeYes : (at != nil ? .operatorConfirmed : .notReached)
        }
    }

    /// "crossed at 07:35:49 UTC: confirmed at the prompt" and the like.
    public var sentence: String {
        let when = at.map { "crossed at \(OutageLine.clock($0)) UTC" } ?? "not crossed"
        switch authority {
        case .operatorConfirmed: return "\(step): \(when), confirmed by the operator at the prompt" + (answeredAt.map { " at \(OutageLine.clock($0)) UTC" } ?? "")
        case .assumeYes: return "\(step): \(when), without asking (--yes)"
        case .declined: return "\(step): not crossed, the operator answered no" + (answeredAt.map { " at \(OutageLine.clock($0)) UTC" } ?? "")
        case .notReached: return "\(step): not reached yet"
        }
    }
}
