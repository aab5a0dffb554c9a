import UpshiftModel

/// `upshift status`: the phase, per-host per-step states, and the version matrix.
public enum StatusText {
    public static func render(_ r: RunReport) -> String {
        let phase = r.undos.isEmpty ? "phase \(r.currentPhase?.rawValue ?? "(all done)")" : (r.rollbackSummary ?? "")
        var out = ["Run \(r.run): \(r.state.rawValue); \(phase); \(Fmt.counts(r))"]
        let hosts = r.units.compactMap(\.host).reduce(into: [HostName]()) { if !$0.contains($1) { $0.append($1) } }
        for h in hosts {
            out += ["", "\(h):" + (r.rollbackState(of: h).map { " " + $0 } ?? "")]
            for u in r.units where u.host == h {
                var line = "  \(u.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(u.step)"
                if u.attempts > 1 { line += " (attempt \(u.attempts))" }
                if u.state == .failed || u.state == .skipped, let m = u.message { line += ": \(m)" }
                out.append(line)
            }
        }
        let local = r.units.filter { $0.host == nil }
        if !local.isEmpty {
            out += ["", "(no host):"]
            out += local.map { "  \($0.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.step)" }
        }
        out += ["", "Versions:"]
        out += ReportText.matrix(r).map { "  " + $0 }
        return out.joined(separator: "\n")
    }
}
