/// The probe's bookkeeping: samples per API, boots, failures. Pure; times are seconds from start.
struct ProbeState: Sendable {
    static let failureLimit = 200
    var samples: [ProbeAPI: [(at: Double, ok: Bool)]] = [:]
    var boots = BootStatistics()
    var failedOperations = 0
    var failures: [ProbeFailure] = []
    /// The instance being booted (or migrated): id, name, when the boot (or the migration) was requested.
    var inFlight: (id: String, name: String, since: Double, migrating: Bool)?
    /// Instances whose delete failed, retried at the end.
    var undeleted: [String] = []

    mutating func record(_ api: ProbeAPI, ok: Bool, at t: Double, message: String = "") {
        samples[api, default: []].append((t, ok))
        if !ok { fail(at: t, api.command, message) }
    }

    mutating func fail(at t: Double, _ operation: String, _ message: String) {
        failedOperations += 1
        if failures.count < Self.failureLimit { failures.append(ProbeFailure(atSeconds: t, operation: operation, message: message)) }
    }

    /// Availability of each probed API: a failed call makes the API down until the next call
    /// (or the end of the run), so resolution is the probe interval.
    func availability(_ apis: [ProbeAPI], end: Double) -> [APIAvailability] {
        apis.map { api in
            let s = samples[api] ?? []
            var down = 0.0, longest = 0.0, current = 0.0
            var outages: [ProbeOutage] = []
            for (i, sample) in s.enumerated() {
                let next = i + 1 < s.count ? s[i + 1].at : max(end, sample.at)
                let continues = i > 0 && !s[i - 1].ok
                if sample.ok { current = 0; continue }
                down += next - sample.at
                current += next - sample.at
                longest = max(longest, current)
                // Consecutive failed calls make one outage: from the first failure to the next good call.
                if continues, var last = outages.popLast() {
                    last.toSeconds = next; last.failedCalls += 1
                    outages.append(last)
                } else {
                    outages.append(ProbeOutage(fromSeconds: sample.at, toSeconds: next, failedCalls: 1))
                }
            }
            // The median time between two calls: how finely the outage figures resolve.
            let gaps = zip(s.dropFirst(), s).map { $0.at - $1.at }.sorted()
            return APIAvailability(api: api, calls: s.count, failures: s.filter { !$0.ok }.count,
                                   unavailableSeconds: down, longestOutageSeconds: longest,
                                   resolutionSeconds: gaps.isEmpty ? nil : gaps[gaps.count / 2], outages: outages)
        }
    }
}
