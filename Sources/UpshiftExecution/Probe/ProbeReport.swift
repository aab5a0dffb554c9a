import Foundation
import UpshiftModel

/// How one API fared during a probe run.
public struct APIAvailability: Codable, Sendable, Hashable {
    public var api: ProbeAPI
    public var calls: Int
    public var failures: Int
    /// Seconds during which the API was seen down: from each failed call to the next call.
    public var unavailableSeconds: Double
    /// The longest single outage in seconds.
    public var longestOutageSeconds: Double
    /// The median time between two calls: the outage figures are accurate to about this (nil: fewer than two calls).
    public var resolutionSeconds: Double?
    /// Each stretch of failed calls, from the first failed call to the next good one (or the end).
    public var outages: [ProbeOutage]
    enum CodingKeys: String, CodingKey {
        case api, calls, failures, unavailableSeconds = "unavailable_seconds", longestOutageSeconds = "longest_outage_seconds"
        case resolutionSeconds = "resolution_seconds", outages
    }
    public init(api: ProbeAPI, calls: Int, failures: Int, unavailableSeconds: Double, longestOutageSeconds: Double,
                resolutionSeconds: Double? = nil, outages: [ProbeOutage] = []) {
        self.api = api; self.calls = calls; self.failures = failures; self.unavailableSeconds = unavailableSeconds
        self.longestOutageSeconds = longestOutageSeconds; self.resolutionSeconds = resolutionSeconds; self.outages = outages
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        api = try c.decode(ProbeAPI.self, forKey: .api)
        calls = try c.decode(Int.self, forKey: .calls)
        failures = try c.decode(Int.self, forKey: .failures)
        unavailableSeconds = try c.decode(Double.self, forKey: .unavailableSeconds)
        longestOutageSeconds = try c.decode(Double.self, forKey: .longestOutageSeconds)
        resolutionSeconds = try c.decodeIfPresent(Double.self, forKey: .resolutionSeconds)
        outages = try c.decodeIfPresent([ProbeOutage].self, forKey: .outages) ?? []
    }
}

/// One stretch during which an API's calls failed, in seconds from the start of the probe.
public struct ProbeOutage: Codable, Sendable, Hashable {
    public var fromSeconds: Double
    public var toSeconds: Double
    public var failedCalls: Int
    public var seconds: Double { toSeconds - fromSeconds }
    enum CodingKeys: String, CodingKey { case fromSeconds = "from_seconds", toSeconds = "to_seconds", failedCalls = "failed_calls" }
    public init(fromSeconds: Double, toSeconds: Double, failedCalls: Int) {
        self.fromSeconds = fromSeconds; self.toSeconds = toSeconds; self.failedCalls = failedCalls
    }
}

/// Instance boots during a probe run. A boot the API accepted that ends in ERROR, or is not ACTIVE
/// within the boot timeout, counts as failed. A boot request the API refused (no instance was
/// created: an API or a service it needs was down) counts as refused: it is API unavailability,
/// which the per-API figures measure, not an instance that failed.
public struct BootStatistics: Codable, Sendable, Hashable {
    public var attempted = 0
    public var active = 0
    public var failed = 0
    public var refused = 0
    public var deleted = 0
    /// Ids of probe instances that could not be deleted (clean them up by hand).
    public var leftBehind: [String] = []
    /// Cold migrations of ACTIVE probe instances (`ProbeOptions.migrate`): requested, confirmed on
    /// another compute, failed (refused, stuck in RESIZE, ERROR).
    public var migrations = 0, migrated = 0, migrationsFailed = 0
    enum CodingKeys: String, CodingKey {
        case attempted, active, failed, refused, deleted, leftBehind = "left_behind"
        case migrations, migrated, migrationsFailed = "migrations_failed"
    }
    public init() {}
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attempted = try c.decode(Int.self, forKey: .attempted)
        active = try c.decode(Int.self, forKey: .active)
        failed = try c.decode(Int.self, forKey: .failed)
        refused = try c.decodeIfPresent(Int.self, forKey: .refused) ?? 0
        deleted = try c.decode(Int.self, forKey: .deleted)
        leftBehind = try c.decodeIfPresent([String].self, forKey: .leftBehind) ?? []
        migrations = try c.decodeIfPresent(Int.self, forKey: .migrations) ?? 0
        migrated = try c.decodeIfPresent(Int.self, forKey: .migrated) ?? 0
        migrationsFailed = try c.decodeIfPresent(Int.self, forKey: .migrationsFailed) ?? 0
    }
}

/// One failed operation, at a time relative to the start of the run.
public struct ProbeFailure: Codable, Sendable, Hashable {
    public var atSeconds: Double
    public var operation: String
    public var message: String
    enum CodingKeys: String, CodingKey { case atSeconds = "at_seconds", operation, message }
}

/// What the workload probe saw: per-API availability, boots, failed operations (JSON and text).
public struct ProbeReport: Codable, Sendable, Hashable {
    public var host: HostName
    /// The wall-clock time the probe started, set by whoever started it: it ties the probe's
    /// relative times to the journal's (nil in reports recorded before it was kept).
    public var startedAt: Date?
    public var durationSeconds: Double
    public var apis: [APIAvailability]
    public var boots: BootStatistics
    /// Every failed operation (API calls, boots, shows, deletes).
    public var failedOperations: Int
    /// The first failures, in order (at most `ProbeState.failureLimit`).
    public var failures: [ProbeFailure]
    enum CodingKeys: String, CodingKey {
        case host, startedAt = "started_at", durationSeconds = "duration_seconds", apis, boots, failedOperations = "failed_operations", failures
    }
    public init(host: HostName, startedAt: Date? = nil, durationSeconds: Double, apis: [APIAvailability], boots: BootStatistics,
                failedOperations: Int, failures: [ProbeFailure]) {
        self.host = host; self.startedAt = startedAt; self.durationSeconds = durationSeconds; self.apis = apis
        self.boots = boots; self.failedOperations = failedOperations; self.failures = failures
    }

    /// Whether anything failed.
    public var clean: Bool { failedOperations == 0 }

    /// A report for people: one line per API, the boots, one line per outage; `verbose` adds every failed call.
    public var text: String { text(verbose: false) }

    /// `outages`: the outage lines to show (a run report's, which name the steps running then).
    public func text(verbose: Bool, outages: [OutageLine]? = nil) -> String {
        var lines = ["workload probe on \(host): \(Self.seconds(durationSeconds)) s, \(failedOperations) failed operations"]
        for a in apis {
            let every = a.resolutionSeconds.map { ", a call every \(Self.seconds($0)) s" } ?? ""
            lines.append("  \(a.api.name.padding(9)) \(a.calls) calls, \(a.failures) failed, unavailable \(Self.seconds(a.unavailableSeconds)) s (longest \(Self.seconds(a.longestOutageSeconds)) s)\(every)")
        }
        lines.append("  boots     \(boots.attempted) attempted, \(boots.active) active, \(boots.failed) failed, \(boots.refused) refused by the API, \(boots.deleted) deleted")
        if boots.migrations > 0 {
            lines.append("  migrate   \(boots.migrations) requested, \(boots.migrated) confirmed on another host, \(boots.migrationsFailed) failed")
        }
        if !boots.leftBehind.isEmpty { lines.append("  left behind: \(boots.leftBehind.joined(separator: ", "))") }
        for o in outages ?? outageLines() { lines.append("  " + o.sentence) }
        if verbose {
            for f in failures { lines.append("  at \(Self.seconds(f.atSeconds)) s: \(f.operation): \(f.message)") }
            if failures.count < failedOperations { lines.append("  … and \(failedOperations - failures.count) more") }
        } else if !failures.isEmpty {
            lines.append("  (\(failedOperations) failed operations: --verbose lists them)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every outage of every API, in time order; `during` names the steps running then (see `RunReport`).
    public func outageLines(during: (Date, Date) -> [OutageLine.Running] = { _, _ in [] }) -> [OutageLine] {
        apis.flatMap { a in a.outages.map { (a.api, $0) } }
            .sorted { ($0.1.fromSeconds, $0.0.name) < ($1.1.fromSeconds, $1.0.name) }
            .map { api, o in
                let from = startedAt?.addingTimeInterval(o.fromSeconds), to = startedAt?.addingTimeInterval(o.toSeconds)
                return OutageLine(api: api, fromSeconds: o.fromSeconds, toSeconds: o.toSeconds, from: from, to: to,
                                  failedCalls: o.failedCalls, during: zipDates(from, to).map(during) ?? [])
            }
    }

    static func seconds(_ s: Double) -> String {
        let tenths = (s * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
