import Foundation
import UpshiftModel

/// Where a maintenance window may stop a run: before a phase, or before a batch of a batched
/// phase. Stopping there leaves the cloud in a state the plan passes through anyway (every earlier
/// batch whole, the pin in place) and that the safety check proved, like `--pause-after`.
public struct WindowPoint: Sendable, Hashable, Codable, CustomStringConvertible {
    public var phase: PhaseID
    public var batch: Int?
    public init(phase: PhaseID, batch: Int?) { self.phase = phase; self.batch = batch }
    public var description: String { batch.map { "phase \(phase) batch \($0)" } ?? "phase \(phase)" }
}

/// Why a window stopped the run, and what is left.
public struct WindowStop: Sendable, Hashable, Codable, CustomStringConvertible {
    public var point: WindowPoint
    public var deadline: Date
    /// The forecast of the batch (or phase) that did not start, and its weakest source.
    public var seconds: Double
    public var source: String
    /// Units not done, and the forecast of all of them.
    public var leftUnits: Int
    public var leftSeconds: Double
    public var leftSource: String
    public init(point: WindowPoint, deadline: Date, seconds: Double, source: String, leftUnits: Int, leftSeconds: Double, leftSource: String) {
        self.point = point; self.deadline = deadline; self.seconds = seconds; self.source = source
        self.leftUnits = leftUnits; self.leftSeconds = leftSeconds; self.leftSource = leftSource
    }
    public var description: String {
        let f = ISO8601DateFormatter()
        return "stopped before \(point): its forecast \(Self.duration(seconds)) (\(source)) would end after the deadline \(f.string(from: deadline)); "
            + "left: \(leftUnits) units, forecast \(Self.duration(leftSeconds)) (\(leftSource))"
    }
    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded(.up))
        return t >= 3600 ? "\(t / 3600)h\(String(format: "%02d", t % 3600 / 60))m" : "\(t / 60)m\(String(format: "%02d", t % 60))s"
    }
}

extension Scheduler {
    /// The window point a step belongs to.
    func windowPoint(_ step: Step) -> WindowPoint { WindowPoint(phase: step.phase, batch: step.batch) }

    /// Whether the window must be asked before this step starts: windows are on, and nothing of
    /// its point has started yet (a batch begun in an earlier window is finished, not cut).
    func needsWindowCheck(_ step: Step) -> WindowPoint? {
        guard checksWindow else { return nil }
        let point = windowPoint(step)
        guard !clearedPoints.contains(point) else { return nil }
        let started = graph.units.contains { u in
            let s = graph.step(u.step)
            return s.phase == point.phase && s.batch == point.batch && (states[u] ?? .pending) != .pending
        }
        return started ? nil : point
    }

    /// The units of a window point that have not run, by step (for its forecast).
    public func pendingSteps(of point: WindowPoint? = nil) -> [Step] {
        plan.steps.compactMap { step in
            if let point, step.phase != point.phase || step.batch != point.batch { return nil }
            let pending = (graph.unitsOfStep[step.id] ?? []).filter { (states[$0] ?? .pending) == .pending }
            guard !pending.isEmpty else { return nil }
            var s = step
            s.hosts = pending.map(\.host).filter { $0 != UnitKey.noHost }
            return s
        }
    }

    /// The executor's answer to `.checkWindow(point)`: it fits (start it), or the run stops here.
    public mutating func windowAnswer(_ point: WindowPoint, stop: WindowStop?) -> [SchedulerAction] {
        guard awaitingWindow == point else { return [] }
        awaitingWindow = nil
        guard let stop else { clearedPoints.insert(point); return advance() }
        if stopping == nil { stopping = .paused(.window(stop)) }
        return [.pause(.window(stop))] + advance()
    }
}
