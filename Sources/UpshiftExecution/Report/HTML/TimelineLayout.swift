import Foundation
import UpshiftModel

/// The geometry of a run's timeline, computed from the report alone (pure; `TimelineSVG` draws it).
/// Rows top to bottom: phases, batches, one per host (each unit a bar), one per probed API.
struct TimelineLayout {
    struct Bar: Equatable {
        var row: Int
        var x: Double
        var width: Double
        var kind: String
        var label: String
        var title: String
    }
    static let width = 1100.0, labelWidth = 160.0, rowHeight = 18.0, top = 28.0

    var rows: [String] = []
    var bars: [Bar] = []
    /// x of the point of no return, if crossed.
    var pointOfNoReturn: Double?
    var ticks: [(x: Double, label: String)] = []
    let start: Date
    let span: Double

    var height: Double { Self.top + Double(rows.count) * Self.rowHeight + 24 }

    init(_ r: RunReport) {
        let ends = r.units.compactMap { u in u.startedAt.map { $0.addingTimeInterval(u.seconds ?? 0) } }
        let probeEnd = r.probe.flatMap { p in p.startedAt.map { $0.addingTimeInterval(p.durationSeconds) } }
        let starts = r.units.compactMap(\.startedAt) + [r.probe?.startedAt].compactMap { $0 }
        start = min(r.startedAt, starts.min() ?? r.startedAt)
        let end = ([r.updatedAt, probeEnd].compactMap { $0 } + ends).max() ?? r.updatedAt
        span = max(end.timeIntervalSince(start), 1)
        addSpans("phases", r.units.map { ($0, $0.phase.rawValue) }, kind: "phase")
        addSpans("batches", r.units.compactMap { u in u.batch.map { (u, $0 == 0 ? "\(u.phase) canary" : "\(u.phase) batch \($0)") } }, kind: "batch")
        addHosts(r)
        addAPIs(r)
        pointOfNoReturn = r.crossing?.at.map(x)
        ticks = Self.ticks(span).map { (x(start.addingTimeInterval($0)), Fmt.seconds($0)) }
    }

    func x(_ d: Date) -> Double {
        Self.labelWidth + d.timeIntervalSince(start) / span * (Self.width - Self.labelWidth - 12)
    }
    func y(_ row: Int) -> Double { Self.top + Double(row) * Self.rowHeight }

    /// One row of spans: each label from its first unit's start to its last unit's end.
    private mutating func addSpans(_ name: String, _ items: [(RunReport.UnitLine, String)], kind: String) {
        var order: [String] = [], extent: [String: (Date, Date)] = [:]
        for (u, label) in items {
            guard let s = u.startedAt else { continue }
            let e = s.addingTimeInterval(u.seconds ?? 0)
            if extent[label] == nil { order.append(label) }
            extent[label] = extent[label].map { (min($0.0, s), max($0.1, e)) } ?? (s, e)
        }
        guard !order.isEmpty else { return }
        rows.append(name)
        for label in order {
            let (s, e) = extent[label]!
            bars.append(Bar(row: rows.count - 1, x: x(s), width: max(x(e) - x(s), 2), kind: kind, label: label,
                            title: "\(label): \(Fmt.seconds(e.timeIntervalSince(s)))"))
        }
    }

    private mutating func addHosts(_ r: RunReport) {
        var hosts = r.units.compactMap(\.host).reduce(into: [HostName]()) { if !$0.contains($1) { $0.append($1) } }.map(\.rawValue)
        if r.units.contains(where: { $0.host == nil }) { hosts.append("(no host)") }
        for host in hosts {
            rows.append(host)
            for u in r.units where (u.host?.rawValue ?? "(no host)") == host {
                guard let s = u.startedAt else { continue }
                let secs = u.seconds ?? (u.state == .running ? r.updatedAt.timeIntervalSince(s) : 0)
                bars.append(Bar(row: rows.count - 1, x: x(s), width: max(secs / span * (Self.width - Self.labelWidth - 12), 1.5),
                                kind: u.state.rawValue, label: "",
                                title: "\(ReportText.unitName(u)): \(u.state.rawValue), \(Fmt.seconds(secs))"))
            }
        }
    }

    private mutating func addAPIs(_ r: RunReport) {
        guard let p = r.probe, let t0 = p.startedAt else { return }
        for a in p.apis {
            rows.append("\(a.api.name) API")
            let row = rows.count - 1
            bars.append(Bar(row: row, x: x(t0), width: max(x(t0.addingTimeInterval(p.durationSeconds)) - x(t0), 1), kind: "api-up",
                            label: "", title: "\(a.api.name) API: \(a.calls) calls, \(a.failures) failed"))
            for o in r.outages where o.api == a.api {
                let s = t0.addingTimeInterval(o.fromSeconds), e = t0.addingTimeInterval(o.toSeconds)
                bars.append(Bar(row: row, x: x(s), width: max(x(e) - x(s), 2), kind: "api-down", label: "", title: o.sentence))
            }
        }
    }

    /// Tick offsets in seconds: a round step giving at most about ten ticks.
    static func ticks(_ span: Double) -> [Double] {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400]
        let step = steps.first { span / $0 <= 10 } ?? 28800
        return stride(from: 0, through: span, by: step).map { $0 }
    }
}
