/// The pack's own client commands: what a step runs on the API host on the operator's behalf
/// (turning scheduling to a host off and on, lookups, checking a daemon's row in the service list).
/// They are release knowledge, not platform knowledge. Templates as for platforms: `{host}` is the
/// inventory name of the host acted on, quoted; `{script}` is a lookup's own command (pack text).
public struct PackClient: Codable, Sendable, Hashable {
    /// Stops new work being scheduled to `{host}` (disable-compute).
    public var disableScheduling: String?
    /// Lets work be scheduled to `{host}` again (enable-compute).
    public var enableScheduling: String?
    /// Wraps a lookup's `{script}` (sourcing credentials first, say).
    public var lookup: String?
    /// After a daemon on a host reports healthy, the API host must also see it up: polled until its
    /// output holds `expect`.
    public var healthFromAPI: [APIHealthCheck]
    /// Where `health_from_api` checks run: the first host running one of `daemons`, else the first
    /// host with `role`, else the inventory's first host.
    public var host: ClientHost?

    public init(disableScheduling: String? = nil, enableScheduling: String? = nil, lookup: String? = nil,
                healthFromAPI: [APIHealthCheck] = [], host: ClientHost? = nil) {
        self.disableScheduling = disableScheduling; self.enableScheduling = enableScheduling
        self.lookup = lookup; self.healthFromAPI = healthFromAPI; self.host = host
    }

    enum CodingKeys: String, CodingKey {
        case disableScheduling = "disable_scheduling", enableScheduling = "enable_scheduling", lookup
        case healthFromAPI = "health_from_api", host
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        disableScheduling = try c.decodeIfPresent(String.self, forKey: .disableScheduling)
        enableScheduling = try c.decodeIfPresent(String.self, forKey: .enableScheduling)
        lookup = try c.decodeIfPresent(String.self, forKey: .lookup)
        healthFromAPI = try c.decodeIfPresent([APIHealthCheck].self, forKey: .healthFromAPI) ?? []
        host = try c.decodeIfPresent(ClientHost.self, forKey: .host)
    }

    /// Every template with its name, for listing and validation.
    public var templates: [(name: String, template: String)] {
        var out: [(String, String)] = []
        if let disableScheduling { out.append(("disable_scheduling", disableScheduling)) }
        if let enableScheduling { out.append(("enable_scheduling", enableScheduling)) }
        if let lookup { out.append(("lookup", lookup)) }
        for (i, h) in healthFromAPI.enumerated() { out.append(("health_from_api[\(i)]", h.run)) }
        return out
    }
}

/// A check the API host runs for a daemon that was (re)started on `{host}`.
public struct APIHealthCheck: Codable, Sendable, Hashable {
    public var daemon: DaemonName
    public var run: String
    /// Text the output must show (a column value such as `up`).
    public var expect: String?
    public init(daemon: DaemonName, run: String, expect: String? = nil) { self.daemon = daemon; self.run = run; self.expect = expect }
}

/// The host a pack's client commands run on, chosen from the inventory.
public struct ClientHost: Codable, Sendable, Hashable {
    public var daemons: [DaemonName]
    public var role: RoleName?
    public init(daemons: [DaemonName] = [], role: RoleName? = nil) { self.daemons = daemons; self.role = role }
    enum CodingKeys: String, CodingKey { case daemons, role }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        daemons = try c.decodeIfPresent([DaemonName].self, forKey: .daemons) ?? []
        role = try c.decodeIfPresent(RoleName.self, forKey: .role)
    }
}
