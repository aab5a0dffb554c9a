import UpshiftModel

/// An OpenStack API the probe calls, with the read-only client command that exercises it.
public enum ProbeAPI: String, Codable, Sendable, CaseIterable, Hashable {
    case keystone, nova, neutron, glance, cinder

    /// The client command (run after sourcing the admin credentials).
    public var command: String {
        switch self {
        case .keystone: return "keystone token-get"
        case .nova: return "nova list"
        case .neutron: return "neutron net-list"
        case .glance: return "glance image-list"
        case .cinder: return "cinder list"
        }
    }
    /// The pack service whose API this is.
    public var service: ServiceName { ServiceName(rawValue) }
}

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
    enum CodingKeys: String, CodingKey {
        case api, calls, failures, unavailableSeconds = "unavailable_seconds", longestOutageSeconds = "longest_outage_seconds"
        case resolutionSeconds = "resolution_seconds"
    }
    public init(api: ProbeAPI, calls: Int, failures: Int, unavailableSeconds: Double, longestOutageSeconds: Double, resolutionSeconds: Double? = nil) {
        self.api = api; self.calls = calls; self.failures = failures; self.unavailableSeconds = unavailableSeconds
        self.longestOutageSeconds = longestOutageSeconds; self.resolutionSeconds = resolutionSeconds
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
    public var durationSeconds: Double
    public var apis: [APIAvailability]
    public var boots: BootStatistics
    /// Every failed operation (API calls, boots, shows, deletes).
    public var failedOperations: Int
    /// The first failures, in order (at most `ProbeState.failureLimit`).
    public var failures: [ProbeFailure]
    enum CodingKeys: String, CodingKey {
        case host, durationSeconds = "duration_seconds", apis, boots, failedOperations = "failed_operations", failures
    }

    /// Whether anything failed.
    public var clean: Bool { failedOperations == 0 }

    /// A report for people: one line per API, the boots, then the failures.
    public var text: String {
        var lines = ["workload probe on \(host): \(Self.seconds(durationSeconds)) s, \(failedOperations) failed operations"]
        for a in apis {
            let every = a.resolutionSeconds.map { ", a call every \(Self.seconds($0)) s" } ?? ""
            lines.append("  \(a.api.rawValue.padding(9)) \(a.calls) calls, \(a.failures) failed, unavailable \(Self.seconds(a.unavailableSeconds)) s (longest \(Self.seconds(a.longestOutageSeconds)) s)\(every)")
        }
        lines.append("  boots     \(boots.attempted) attempted, \(boots.active) active, \(boots.failed) failed, \(boots.refused) refused by the API, \(boots.deleted) deleted")
        if boots.migrations > 0 {
            lines.append("  migrate   \(boots.migrations) requested, \(boots.migrated) confirmed on another compute, \(boots.migrationsFailed) failed")
        }
        if !boots.leftBehind.isEmpty { lines.append("  left behind: \(boots.leftBehind.joined(separator: ", "))") }
        for f in failures { lines.append("  at \(Self.seconds(f.atSeconds)) s: \(f.operation): \(f.message)") }
        if failures.count < failedOperations { lines.append("  … and \(failedOperations - failures.count) more") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func seconds(_ s: Double) -> String {
        let tenths = (s * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
