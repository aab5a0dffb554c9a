import Foundation
import Plot

/// Draws a `TimelineLayout` as inline SVG (Plot's custom elements, so every text is escaped).
enum TimelineSVG {
    typealias SVG = Node<HTML.BodyContext>

    static func render(_ t: TimelineLayout) -> SVG {
        let w = TimelineLayout.width, h = t.height
        var nodes: [SVG] = [attr("viewBox", "0 0 \(n(w)) \(n(h))"), attr("width", n(w)), attr("height", n(h)),
                            attr("xmlns", "http://www.w3.org/2000/svg"), attr("role", "img"), attr("class", "timeline"),
                            el("title", [.text("Timeline of the run: phases, batches, hosts and API availability")])]
        nodes += t.ticks.map { tick in
            group([line(tick.x, TimelineLayout.top - 4, tick.x, h - 20, "tick"),
                   text(tick.x, h - 6, tick.label, "tick-label", anchor: "middle")])
        }
        for (i, name) in t.rows.enumerated() {
            let y = t.y(i)
            if i % 2 == 0 { nodes.append(rect(0, y, w, TimelineLayout.rowHeight, "stripe")) }
            let lane = name == "phases" || name == "batches" || name.hasSuffix(" API")
            nodes.append(text(TimelineLayout.labelWidth - 6, y + 13, name, lane ? "row-label lane" : "row-label", anchor: "end"))
        }
        nodes += t.bars.map(bar(t))
        if let x = t.pointOfNoReturn {
            nodes += [line(x, 14, x, h - 20, "ponr"), text(x + 3, 12, "point of no return", "ponr-label", anchor: "start")]
        }
        return .element(named: "svg", nodes: nodes)
    }

    private static func bar(_ t: TimelineLayout) -> (TimelineLayout.Bar) -> SVG {
        { b in
            let y = t.y(b.row) + 2, h = TimelineLayout.rowHeight - 4
            var children: [SVG] = [rect(b.x, y, b.width, h, "bar \(b.kind)"), el("title", [.text(b.title)])]
            // A label only where it fits (about 6.5 px a character at the page's font size).
            if !b.label.isEmpty, Double(b.label.count) * 6.5 < b.width - 4 {
                children.append(text(b.x + 3, y + 11, b.label, "bar-label", anchor: "start"))
            }
            return group(children)
        }
    }

    static func n(_ v: Double) -> String { String(format: "%.1f", v) }
    static func attr(_ name: String, _ value: String) -> SVG { .attribute(named: name, value: value) }
    static func el(_ name: String, _ nodes: [SVG]) -> SVG { .element(named: name, nodes: nodes) }
    static func group(_ nodes: [SVG]) -> SVG { el("g", nodes) }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ cls: String) -> SVG {
        el("rect", [attr("x", n(x)), attr("y", n(y)), attr("width", n(w)), attr("height", n(h)), attr("class", cls)])
    }
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) -> SVG {
        el("line", [attr("x1", n(x1)), attr("y1", n(y1)), attr("x2", n(x2)), attr("y2", n(y2)), attr("class", cls)])
    }
    static func text(_ x: Double, _ y: Double, _ s: String, _ cls: String, anchor: String) -> SVG {
        el("text", [attr("x", n(x)), attr("y", n(y)), attr("class", cls), attr("text-anchor", anchor), .text(s)])
    }
}
