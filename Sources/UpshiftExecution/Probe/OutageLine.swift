import Foundation

/// One API outage as reports show it: how long, when, and which steps of the run were running then.
public struct OutageLine: Codable, Sendable, Hashable {
    public var api: ProbeAPI
    /// Seconds from the start of the probe.
    public var fromSeconds: Double
    public var toSeconds: Double
    /// Wall-clock times (nil when the probe's start time was not recorded).
    public var from: Date?
    public var to: Date?
    public var failedCalls: Int
    /// What ran at some point of the outage, in the order it started.
    public var during: [Running]
    public var seconds: Double { toSeconds - fromSeconds }

    enum CodingKeys: String, CodingKey {
        case api, fromSeconds = "from_seconds", toSeconds = "to_seconds", from, to, failedCalls = "failed_calls", during, seconds
    }
    public init(api: ProbeAPI, fromSeconds: Double, toSeconds: Double, from: Date?, to: Date?, failedCalls: Int, during: [Running]) {
        self.api = api; self.fromSeconds = fromSeconds; self.toSeconds = toSeconds; self.from = from; self.to = to
        self.failedCalls = failedCalls; self.during = during
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        api = try c.decode(ProbeAPI.self, forKey: .api)
        fromSeconds = try c.decode(Double.self, forKey: .fromSeconds)
        toSeconds = try c.decode(Double.self, forKey: .toSeconds)
        from = try c.decodeIfPresent(Date.self, forKey: .from)
        to = try c.decodeIfPresent(Date.self, forKey: .to)
        failedCalls = try c.decode(Int.self, forKey: .failedCalls)
        during = try c.decodeIfPresent([Running].self, forKey: .during) ?? []
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(api, forKey: .api)
        try c.encode(fromSeconds, forKey: .fromSeconds)
        try c.encode(toSeconds, forKey: .toSeconds)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encode(failedCalls, forKey: .failedCalls)
        try c.encode(during, forKey: .during)
        try c.encode(seconds, forKey: .seconds)
    }

    /// "nova API down 6.4 s, 07:35:49–07:35:55, during `nova/db-sync@ctl-01`".
    public var sentence: String {
        let when = zipDates(from, to).map { "\(Self.clock($0.0))–\(Self.clock($0.1)) UTC" }
            ?? "at \(ProbeReport.seconds(fromSeconds))–\(ProbeReport.seconds(toSeconds)) s"
        let steps = during.isEmpty ? "" : ", during " + Self.list(during)
        return "\(api.name) API down \(ProbeReport.seconds(seconds)) s, \(when)\(steps)"
    }

    /// A unit (`nova/db-sync@ctl-01`: one host ran its step then) or a step and how many hosts ran it.
    public struct Running: Codable, Sendable, Hashable, CustomStringConvertible {
        /// The unit's name when one host ran the step, else the step id.
        public var name: String
        public var hosts: Int
        public init(name: String, hosts: Int) { self.name = name; self.hosts = hosts }
        /// "`nova/db-sync@ctl-01`" or "`neutron/stop@6-hosts` on 6 hosts".
        public var description: String { hosts == 1 ? "`\(name)`" : "`\(name)` on \(hosts) hosts" }
    }

    /// Up to three in backquotes, then how many more.
    static func list(_ units: [Running]) -> String {
        let shown = units.prefix(3).map(\.description).joined(separator: ", ")
        return units.count > 3 ? shown + " and \(units.count - 3) more" : shown
    }

    /// HH:mm:ss in UTC.
    public static func clock(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "HH:mm:ss"
        return f.string(from: d)
    }
}

func zipDates(_ a: Date?, _ b: Date?) -> (Date, Date)? {
    guard let a, let b else { return nil }
    return (a, b)
}
