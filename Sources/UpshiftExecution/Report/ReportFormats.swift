import Foundation
import UpshiftModel

/// Renders a `RunReport` as text, Markdown, JSON or JUnit XML (for CI dashboards).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, markdown, junit, html

    /// `verbose`: text and Markdown also list every failed probe call (JSON always carries them).
    public func render(_ r: RunReport, verbose: Bool = false) -> String {
        switch self {
        case .text: ReportText.render(r, verbose: verbose)
        case .markdown: ReportMarkdown.render(r, verbose: verbose)
        case .json: ReportJSON.render(r)
        case .junit: ReportJUnit.render(r)
        case .html: ReportHTML.render(r)
        }
    }
}

enum Fmt {
    static func seconds(_ s: Double?) -> String {
        guard let s else { return "-" }
        return s < 60 ? String(format: "%.1fs", s) : "\(Int(s) / 60)m\(String(format: "%02d", Int(s) % 60))s"
    }
    static func date(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }
    static func counts(_ r: RunReport) -> String {
        UnitState.allCases.compactMap { s in r.counts[s.rawValue].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
    }
    static func services(_ r: RunReport) -> [String] { Array(Set(r.versions.values.flatMap(\.keys))).sorted() }
}

enum ReportJSON {
    static func render(_ r: RunReport) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return String(decoding: (try? e.encode(r)) ?? Data("null".utf8), as: UTF8.self)
    }
}

enum ReportText {
    static func render(_ r: RunReport, verbose: Bool = false) -> String {
        var out = ["Run \(r.run): \(r.method.rawValue) upgrade \(r.from) → \(r.to), \(r.state.rawValue)",
                   "Started \(Fmt.date(r.startedAt)), last change \(Fmt.date(r.updatedAt)) (\(Fmt.seconds(r.updatedAt.timeIntervalSince(r.startedAt))))",
                   "Units: \(Fmt.counts(r))"]
        if let p = r.currentPhase { out.append("Current phase: \(p)") }
        if let c = r.crossing { out.append("Point of no return: \(c.sentence)") }
        out += ["", "Hosts:"]
        for h in r.hosts {
            out.append("  \(h.host): \(h.succeeded)/\(h.units) done, \(h.failed) failed, \(Fmt.seconds(h.seconds)) of work"
                       + (r.rollbackState(of: h.host).map { "; " + $0 } ?? ""))
        }
        out += RollbackReportText.lines(r)
        if !r.failures.isEmpty {
            out += ["", "Failures:"]
            for f in r.failures { out.append("  [\(unitName(f))] \(f.message ?? "failed")") }
        }
        if !r.retries.isEmpty {
            out += ["", "Retries:"]
            for u in r.retries { out.append("  [\(unitName(u))] \(u.attempts) attempts, now \(u.state.rawValue)") }
        }
        if !r.pauses.isEmpty {
            out += ["", "Pauses:"]
            for p in r.pauses { out.append("  \(Fmt.date(p.at)): \(p.detail ?? "paused")") }
        }
        if let probe = r.probe {
            out += ["", "Workload:"] + probe.text(verbose: verbose, outages: r.outages).split(separator: "\n").map { "  " + $0 }
        }
        out += ["", "Versions:"]
        out += matrix(r).map { "  " + $0 }
        return out.joined(separator: "\n")
    }

    static func unitName(_ u: RunReport.UnitLine) -> String {
        UnitKey(step: u.step, host: u.host ?? UnitKey.noHost).description
    }

    /// The version matrix as aligned columns: host, then one column per service.
    static func matrix(_ r: RunReport) -> [String] {
        let services = Fmt.services(r)
        let rows = [["host"] + services] + r.versions.keys.sorted().map { h in [h] + services.map { r.versions[h]?[$0] ?? "-" } }
        let widths = services.indices.map { i in rows.map { $0[i + 1].count }.max() ?? 0 }
        let hostWidth = rows.map { $0[0].count }.max() ?? 0
        return rows.map { row in
            ([row[0].padding(toLength: hostWidth, withPad: " ", startingAt: 0)]
             + row.dropFirst().enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) })
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

enum ReportMarkdown {
    static func render(_ r: RunReport, verbose: Bool = false) -> String {
        var out = ["# Upgrade run \(r.run): \(r.from) → \(r.to) (\(r.method.rawValue))", "",
                   "- State: **\(r.state.rawValue)**", "- Started: \(Fmt.date(r.startedAt))",
                   "- Duration: \(Fmt.seconds(r.updatedAt.timeIntervalSince(r.startedAt)))", "- Units: \(Fmt.counts(r))"]
        if let c = r.crossing { out.append("- Point of no return: \(c.sentence)") }
        out += ["",
                   "## Hosts", "", "| host | done | failed | time |", "|---|---|---|---|"]
        out += r.hosts.map { "| \($0.host) | \($0.succeeded)/\($0.units) | \($0.failed) | \(Fmt.seconds($0.seconds)) |" }
        if let summary = r.rollbackSummary {
            out += ["", "## Rollback", "", "- \(summary)"] + r.undoFailures.map { "- undo of `\($0.unitName)` \($0.state.rawValue): \($0.message ?? "")" }
        }
        if !r.failures.isEmpty {
            out += ["", "## Failures", ""] + r.failures.map { "- `\(ReportText.unitName($0))`: \($0.message ?? "failed")" }
        }
        if !r.retries.isEmpty {
            out += ["", "## Retries", ""] + r.retries.map { "- `\(ReportText.unitName($0))`: \($0.attempts) attempts" }
        }
        if !r.pauses.isEmpty { out += ["", "## Pauses", ""] + r.pauses.map { "- \(Fmt.date($0.at)): \($0.detail ?? "paused")" } }
        if let p = r.probe {
            out += ["", "## Workload", "", "- Instance boots: \(p.boots.attempted) attempted, **\(p.boots.failed) failed**, \(p.boots.refused) refused by the API",
                    "", "| API | calls | failed | unavailable | longest outage |", "|---|---|---|---|---|"]
            out += p.apis.map { "| \($0.api.name) | \($0.calls) | \($0.failures) | \(Fmt.seconds($0.unavailableSeconds)) | \(Fmt.seconds($0.longestOutageSeconds)) |" }
            if !r.outages.isEmpty { out += ["", "### Outages", ""] + r.outages.map { "- \($0.sentence)" } }
            if verbose, !p.failures.isEmpty {
                out += ["", "### Failed calls", ""] + p.failures.map { "- at \(ProbeReport.seconds($0.atSeconds)) s: `\($0.operation)`: \($0.message)" }
            }
        }
        let services = Fmt.services(r)
        out += ["", "## Versions", "", "| host | " + services.joined(separator: " | ") + " |",
                "|---|" + services.map { _ in "---|" }.joined()]
        out += r.versions.keys.sorted().map { h in "| \(h) | " + services.map { r.versions[h]?[$0] ?? "-" }.joined(separator: " | ") + " |" }
        return out.joined(separator: "\n")
    }
}

enum ReportJUnit {
    static func render(_ r: RunReport) -> String {
        let phases = r.units.map(\.phase).reduce(into: [PhaseID]()) { if !$0.contains($1) { $0.append($1) } }
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                   "<testsuites name=\"upshift run \(r.run)\" tests=\"\(r.units.count)\" failures=\"\(r.failures.count)\">"]
        for phase in phases {
            let us = r.units.filter { $0.phase == phase }
            let skipped = us.filter { $0.state != .succeeded && $0.state != .failed }.count
            out.append("  <testsuite name=\"\(x(phase.rawValue))\" tests=\"\(us.count)\" failures=\"\(us.filter { $0.state == .failed }.count)\" skipped=\"\(skipped)\">")
            for u in us {
                let head = "    <testcase classname=\"\(x(u.step.rawValue))\" name=\"\(x(u.host?.rawValue ?? "-"))\" time=\"\(String(format: "%.3f", u.seconds ?? 0))\""
                switch u.state {
                case .succeeded: out.append(head + "/>")
                case .failed:
                    out += [head + ">", "      <failure message=\"\(x(u.message ?? "failed"))\">\(x(u.outputTail ?? ""))</failure>", "    </testcase>"]
                default:
                    out += [head + ">", "      <skipped message=\"\(x(u.state.rawValue + (u.message.map { ": " + $0 } ?? "")))\"/>", "    </testcase>"]
                }
            }
            out.append("  </testsuite>")
        }
        out.append("</testsuites>")
        return out.joined(separator: "\n")
    }

    static func x(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
