import Foundation
import Plot
import UpshiftModel

/// The sections of the HTML report below the timeline.
enum ReportHTMLSections {
    typealias Body = Node<HTML.BodyContext>

    static func crossing(_ r: RunReport) -> Body {
        guard let c = r.crossing else { return .empty }
        return .group(.h2(.text("Point of no return")), .p(.class("ponr-text \(c.authority.rawValue)"), .text(c.sentence)))
    }

    static func workload(_ r: RunReport) -> Body {
        guard let p = r.probe else { return .empty }
        let rows: [[Body]] = p.apis.map { a in
            [.text(a.api.name), .text("\(a.calls)"), .text("\(a.failures)"), .text(Fmt.seconds(a.unavailableSeconds)),
             .text(Fmt.seconds(a.longestOutageSeconds)), .text(a.resolutionSeconds.map(Fmt.seconds) ?? "-")]
        }
        let b = p.boots
        return .group(
            .h2(.text("API availability (workload probe on \(p.host))")),
            ReportHTML.table(["API", "calls", "failed", "unavailable", "longest outage", "a call every"], rows),
            .p(.text("Instance boots: \(b.attempted) attempted, \(b.active) active, \(b.failed) failed, \(b.refused) refused by the API, \(b.deleted) deleted")),
            .if(!r.outages.isEmpty, .group(.h3(.text("Outages")), .ul(.group(r.outages.map { .li(outage($0)) })))))
    }

    static func outage(_ o: OutageLine) -> Body {
        let when = zipDates(o.from, o.to).map { "\(OutageLine.clock($0.0))–\(OutageLine.clock($0.1)) UTC" }
            ?? "at \(ProbeReport.seconds(o.fromSeconds))–\(ProbeReport.seconds(o.toSeconds)) s"
        var nodes: [Body] = [.strong(.text("\(o.api.name) API down \(ProbeReport.seconds(o.seconds)) s")), .text(", \(when)")]
        if !o.during.isEmpty {
            nodes.append(.text(", during "))
            nodes += o.during.enumerated().map { i, u in
                .group(.if(i > 0, .text(", ")), .code(.text(u.name)), .if(u.hosts > 1, .text(" on \(u.hosts) hosts")))
            }
        }
        return .group(nodes)
    }

    static func failures(_ r: RunReport) -> Body {
        guard !r.failures.isEmpty else { return .empty }
        return .group(.h2(.text("Failures")), .group(r.failures.map { f in
            .div(.class("failure"),
                 .p(.code(.text(ReportText.unitName(f)))), .p(.text(f.message ?? "failed")),
                 .unwrap(f.outputTail.flatMap { $0.isEmpty ? nil : $0 }) { .pre(.text($0)) })
        }))
    }

    static func phases(_ r: RunReport) -> Body {
        let rows: [[Body]] = r.phases.map { ph in
            let us = r.units.filter { $0.phase == ph.id }
            let done = us.filter { $0.state == .succeeded }.count, failed = us.filter { $0.state == .failed }.count
            return [.code(.text(ph.id.rawValue)), .text(ph.title), .text("\(done)/\(us.count)"), .text("\(failed)"),
                    .text(ph.apisDown.joined(separator: ", "))]
        }
        return .group(.h2(.text("Phases")), ReportHTML.table(["phase", "what", "units done", "failed", "APIs down"], rows))
    }

    static func hosts(_ r: RunReport) -> Body {
        let rows: [[Body]] = r.hosts.map { h in
            [.text(h.host.rawValue), .text("\(h.succeeded)/\(h.units)"), .text("\(h.failed)"), .text(Fmt.seconds(h.seconds))]
        }
        return .group(.h2(.text("Hosts")), ReportHTML.table(["host", "units done", "failed", "time"], rows))
    }

    static func versions(_ r: RunReport) -> Body {
        let services = Fmt.services(r)
        let rows: [[Body]] = r.versions.keys.sorted().map { host in
            [.text(host)] + services.map { svc in
                let before = r.versionsBefore[host]?[svc], after = r.versions[host]?[svc]
                guard let after else { return .text("-") }
                return before == nil || before == after ? .text(after) : .text("\(before!) → \(after)")
            }
        }
        return .group(.h2(.text("Versions before → after")), .div(.class("scroll"), ReportHTML.table(["host"] + services, rows)))
    }

    static func decisions(_ r: RunReport) -> Body {
        guard !r.decisions.isEmpty else { return .empty }
        return .group(.h2(.text("Decisions")), .ul(.group(r.decisions.map { d in
            .li(.code(.text(d.id)), .text(": \(d.summary) "), .span(.class("why"), .text("(\(d.reason))")))
        })))
    }
}
