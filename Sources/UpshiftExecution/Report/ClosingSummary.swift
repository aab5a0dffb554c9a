import Foundation
import UpshiftModel

/// The lines `apply` and `resume` end with, kubeadm style: what ran, how long, and what to do next.
public enum ClosingSummary {
    /// `stateFlag`: how the commands name the state directory (empty for the default).
    public static func render(_ r: RunReport, stateFlag: String) -> String {
        let elapsed = Fmt.seconds(r.updatedAt.timeIntervalSince(r.startedAt))
        let phasesDone = (r.summary?.phases ?? []).filter { $0.total > 0 && $0.done == $0.total }.count
        var out = ["", "Run \(r.run) \(r.state.rawValue) in \(elapsed): \(r.units.count) units on \(r.hosts.count) hosts (\(Fmt.counts(r))); "
                   + "\(phasesDone) of \(r.phases.count) phases done"]
        if let c = r.crossing { out.append("Point of no return: \(c.sentence)") }
        if !r.outages.isEmpty {
            let worst = r.outages.max { $0.seconds < $1.seconds }!
            out.append("Workload: \(r.outages.count) API outage\(r.outages.count == 1 ? "" : "s"); longest: \(worst.sentence)")
        }
        let s = stateFlag.isEmpty ? "" : " " + stateFlag
        out.append("Next:")
        switch r.state {
        case .completed:
            out += ["  upshift report\(s) --output html -o upgrade-report.html   # the timeline, outages and versions, for the change ticket",
                    "  upshift status\(s)                                       # phases and hosts in one view"]
        case .failed:
            out += ["  upshift status\(s)     # which units failed, and their output: upshift report\(s)",
                    "  fix the cause, then: upshift resume\(s)   (or undo what ran: upshift rollback\(s))"]
        default:
            out += ["  upshift resume\(s)     # continue where the run stopped",
                    "  upshift status\(s)     # where it stopped"]
        }
        return out.joined(separator: "\n")
    }
}
