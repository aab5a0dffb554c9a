import Foundation
import Plot

/// A run's report as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched):
/// the timeline first, then what a change ticket needs: outages, the point of no return, failures,
/// versions before and after, and the plan's decisions.
enum ReportHTML {
    typealias Body = Node<HTML.BodyContext>

    static func render(_ r: RunReport) -> String {
        let title = "Upgrade run \(r.run): \(r.from) → \(r.to) (\(r.method.rawValue))"
        let page = HTML(
            .lang(.english),
            .head(.meta(.charset(.utf8)), .element(named: "title", text: title), .style(ReportHTMLStyle.css)),
            .body(
                .h1(.text(title)),
                summary(r),
                .h2(.text("Timeline")),
                .div(.class("scroll"), TimelineSVG.render(TimelineLayout(r))),
                legend,
                ReportHTMLSections.crossing(r),
                ReportHTMLSections.workload(r),
                ReportHTMLSections.failures(r),
                ReportHTMLSections.phases(r),
                ReportHTMLSections.hosts(r),
                ReportHTMLSections.versions(r),
                ReportHTMLSections.decisions(r),
                .p(.class("foot"), .text("Plan \(r.planHash.prefix(12)) · generated from the journal by upshift \(r.upshiftVersion)"))
            )
        )
        return page.render(indentedBy: .spaces(1))
    }

    static func summary(_ r: RunReport) -> Body {
        .ul(.class("summary"),
            .li(.text("State: "), .span(.class("state \(r.state.rawValue)"), .text(r.state.rawValue))),
            .li(.text("Started: \(Fmt.date(r.startedAt))")),
            .li(.text("Duration: \(Fmt.seconds(r.updatedAt.timeIntervalSince(r.startedAt)))")),
            .li(.text("Units: \(Fmt.counts(r))")),
            .li(.text("Hosts: \(r.hosts.count)")))
    }

    static var legend: Body {
        let kinds = ["succeeded", "failed", "running", "interrupted", "skipped", "rolled-back", "api-up", "api-down"]
        return .p(.class("legend"), .group(kinds.map { k in
            .span(.span(.class("swatch \(k)")), .text(k == "api-up" ? "API up" : k == "api-down" ? "API down" : k))
        }))
    }

    static func table(_ head: [String], _ rows: [[Body]]) -> Body {
        .table(.thead(.tr(.group(head.map { .th(.text($0)) }))),
               .tbody(.group(rows.map { cells in .tr(.group(cells.map { .td($0) })) })))
    }
}
