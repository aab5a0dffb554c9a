import Foundation
import UpshiftModel

/// The compact view of a run: one row per phase and one per host, with steps done/total, failed,
/// running, current phase and elapsed time. Computed from the report alone (pure).
public struct StatusTable: Sendable, Codable, Hashable {
    public struct Row: Sendable, Codable, Hashable {
        public var name: String
        public var done: Int
        public var total: Int
        public var failed: Int
        public var running: Int
        /// The phase of the unit started last on the host (hosts only; nil when nothing started there).
        public var phase: String?
        /// From the first unit's start to the last one's end (or `now` while one runs).
        public var elapsedSeconds: Double?
        enum CodingKeys: String, CodingKey { case name, done, total, failed, running, phase, elapsedSeconds = "elapsed_seconds" }
    }
    public var phases: [Row]
    public var hosts: [Row]

    public init(_ r: RunReport, now: Date) {
        let end = r.state == .running ? now : r.updatedAt
        // A phase counts steps: a step is done when every unit of it succeeded.
        phases = r.phases.map { ph in
            let steps = Dictionary(grouping: r.units.filter { $0.phase == ph.id }, by: \.step)
            let ordered = r.units.filter { $0.phase == ph.id }.map(\.step).reduce(into: [StepID]()) { if !$0.contains($1) { $0.append($1) } }
            let units = ordered.map { steps[$0]! }
            return Row(name: ph.id.rawValue, done: units.filter { $0.allSatisfy { $0.state == .succeeded } }.count, total: units.count,
                       failed: units.filter { $0.contains { $0.state == .failed } }.count,
                       running: units.filter { $0.contains { $0.state == .running } }.count,
                       phase: nil, elapsedSeconds: Self.elapsed(units.flatMap { $0 }, end: end))
        }
        let hostNames = r.units.compactMap(\.host).reduce(into: [HostName]()) { if !$0.contains($1) { $0.append($1) } }
        hosts = hostNames.map { h in
            let us = r.units.filter { $0.host == h }
            let last = us.filter { $0.startedAt != nil }.max { $0.startedAt! < $1.startedAt! }
            return Row(name: h.rawValue, done: us.filter { $0.state == .succeeded }.count, total: us.count,
                       failed: us.filter { $0.state == .failed }.count, running: us.filter { $0.state == .running }.count,
                       phase: last?.phase.rawValue, elapsedSeconds: Self.elapsed(us, end: end))
        }
    }

    static func elapsed(_ units: [RunReport.UnitLine], end: Date) -> Double? {
        let starts = units.compactMap(\.startedAt)
        guard let first = starts.min() else { return nil }
        let stops = units.compactMap { u -> Date? in
            guard let s = u.startedAt else { return nil }
            return u.state == .running ? end : s.addingTimeInterval(u.seconds ?? 0)
        }
        return (stops.max() ?? first).timeIntervalSince(first)
    }
}

/// Aligned columns, two spaces apart, trailing blanks trimmed.
enum Columns {
    static func render(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
