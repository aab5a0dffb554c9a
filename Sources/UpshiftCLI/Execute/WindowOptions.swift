import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// `--deadline TIME` / `--window DURATION` of apply and resume: the end of the maintenance window.
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("End of the maintenance window: no batch (or phase) starts whose forecast ends after it. ISO 8601 (2026-12-06T22:00:00Z) or HH:MM (the next one, local time).", valueName: "time"))
    var deadline: String?
    @Option(help: ArgumentHelp("The maintenance window's length from now, e.g. 4h, 90m, 3h30m (instead of --deadline).", valueName: "duration"))
    var window: String?

    func validate() throws {
        if deadline != nil, window != nil { throw ValidationError("give --deadline or --window, not both") }
        if let deadline, Self.time(deadline, now: Date()) == nil { throw ValidationError("--deadline takes an ISO 8601 time (2026-12-06T22:00:00Z) or HH:MM, not '\(deadline)'") }
        if let window, Self.seconds(window) == nil { throw ValidationError("--window takes a duration like 4h, 90m or 3h30m, not '\(window)'") }
    }

    /// The deadline, if one was given.
    func end(now: Date = Date()) -> Date? {
        if let deadline { return Self.time(deadline, now: now) }
        return window.flatMap(Self.seconds).map { now.addingTimeInterval($0) }
    }

    /// Gives the executor the deadline and what forecasts learn from: the journal's other runs, then the pack.
    func wire(_ executor: inout Executor, pack: Pack, journal: any Journal, current: RunID?) throws {
        guard let end = end() else { return }
        executor.deadline = end
        executor.durations = StepDurations(history: JournalHistory.durations(try JournalHistory.runs(of: journal, excluding: current)),
                                           declared: pack.estimates)
        Console.err("[upshift] maintenance window ends \(ISO8601DateFormatter().string(from: end)): no batch starts that is forecast to end after it")
    }

    static func time(_ text: String, now: Date) -> Date? {
        if let d = ISO8601DateFormatter().date(from: text) { return d }
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let h = parts[0], let m = parts[1], (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        let cal = Calendar.current
        guard let today = cal.date(bySettingHour: h, minute: m, second: 0, of: now) else { return nil }
        return today > now ? today : cal.date(byAdding: .day, value: 1, to: today)
    }

    /// `4h`, `90m`, `3h30m`, `45s`: seconds, or nil.
    static func seconds(_ text: String) -> Double? {
        var total = 0.0, number = "", any = false
        for c in text {
            if c.isNumber { number.append(c); continue }
            guard let n = Double(number), let unit = ["h": 3600.0, "m": 60, "s": 1][String(c)] else { return nil }
            total += n * unit; number = ""; any = true
        }
        return any && number.isEmpty && total > 0 ? total : nil
    }
}
