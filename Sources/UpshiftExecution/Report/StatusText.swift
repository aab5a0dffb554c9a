import Foundation
import UpshiftModel

/// `upshift status`: by default a compact table of phases and hosts; `units: true` lists every unit.
public enum StatusText {
    public static func render(_ r: RunReport, units: Bool = false, now: Date = Date()) -> String {
        units ? renderUnits(r) : renderTable(r, now: now)
    }

    static func headline(_ r: RunReport, now: Date) -> [String] {
        let end = r.state == .running ? now : r.updatedAt
        let phase = r.undos.isEmpty ? "phase \(r.currentPhase?.rawValue ?? "(all done)")" : (r.rollbackSummary ?? "")
        var out = ["Run \(r.run): \(r.state.rawValue); \(phase); \(Fmt.counts(r)); "
                   + "elapsed \(Fmt.seconds(end.timeIntervalSince(r.startedAt)))"]
        if let c = r.crossing { out.append("Point of no return: \(c.sentence)") }
        return out
    }

    static func renderTable(_ r: RunReport, now: Date) -> String {
        let t = StatusTable(r, now: now)
        var out = headline(r, now: now) + [""]
        out += Columns.render([["PHASE", "STEPS", "FAILED", "RUNNING", "ELAPSED"]]
            + t.phases.map { [$0.name, "\($0.done)/\($0.total)", "\($0.failed)", "\($0.running)", Fmt.seconds($0.elapsedSeconds)] })
        out.append("")
        out += Columns.render([["HOST", "STEPS", "FAILED", "RUNNING", "PHASE", "ELAPSED"]]
            + t.hosts.map { [$0.name, "\($0.done)/\($0.total)", "\($0.failed)", "\($0.running)", $0.phase ?? "-", Fmt.seconds($0.elapsedSeconds)] })
        if !r.failures.isEmpty {
            out += ["", "Failed:"] + r.failures.map { "  [\(ReportText.unitName($0))] \($0.message ?? "failed")" }
        }
        if !r.undos.isEmpty {
            out += ["", "Rollback:"] + t.hosts.map { "  \($0.name): \(r.rollbackState(of: HostName($0.name)) ?? "-")" }
            out += r.undoFailures.map { "  [undo \($0.unitName)] \($0.message ?? "failed")" }
        }
        out += ["", "Every unit: upshift status --units; the whole run: upshift report"]
        return out.joined(separator: "\n")
    }

    static func renderUnits(_ r: RunReport) -> String {
        var out = headline(r, now: r.updatedAt)
        let hosts = r.units.compactMap(\.host).reduce(into: [HostName]()) { if !$0.contains($1) { $0.append($1) } }
        for h in hosts {
            out += ["", "\(h):" + (r.rollbackState(of: h).map { " " + $0 } ?? "")]
            for u in r.units where u.host == h { out.append(line(u)) }
        }
        let local = r.units.filter { $0.host == nil }
        if !local.isEmpty { out += ["", "(no host):"] + local.map(line) }
        out += ["", "Versions:"]
        out += ReportText.matrix(r).map { "  " + $0 }
        return out.joined(separator: "\n")
    }

    static func line(_ u: RunReport.UnitLine) -> String {
        var line = "  \(u.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(u.step)"
        if u.attempts > 1 { line += " (attempt \(u.attempts))" }
        if u.state == .failed || u.state == .skipped, let m = u.message { line += ": \(m)" }
        return line
    }
}
