/// What discovery found on one host. Every field is optional: unknown is not "absent".
public struct HostFacts: Codable, Sendable, Hashable {
    public var host: HostName
    public var reachable: Bool
    public var error: String?
    public var os: String?
    /// Installed package versions (`openstack-nova-common` → `2013.2.3-1.el6`).
    public var packages: [String: String]
    /// Daemons found running.
    public var running: [DaemonName]
    /// Non-secret config values: file → `section/key` → value. Secret-looking keys are never collected.
    /// A file listed (even with no values) was read, so its absent options take their defaults; a
    /// file not listed could not be read and stays unknown.
    public var config: [String: [String: String]]
    /// What `hostname` printed (Python's socket.gethostname(): services that name themselves by it).
    public var hostname: String?
    /// What was read only in part (output past discovery's 16 MB cap): config file paths, or
    /// `packages` for `rpm -qa`. A partly read file is left out of `config` (unknown), never "ok".
    public var partial: [String]?
    public init(host: HostName, reachable: Bool, error: String? = nil, os: String? = nil,
                packages: [String: String] = [:], running: [DaemonName] = [], config: [String: [String: String]] = [:]) {
        self.host = host; self.reachable = reachable; self.error = error; self.os = os
        self.packages = packages; self.running = running; self.config = config
    }

    /// The name a service registers this host under: `spec`'s option when set, else the hostname.
    public func serviceHost(_ spec: ServiceHostSpec) -> String? {
        if let v = config[spec.file]?[spec.option.description], !v.isEmpty { return v }
        return hostname.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// What discovery found about one database.
public struct DatabaseFacts: Codable, Sendable, Hashable {
    public var name: DatabaseName
    /// The version its version command printed (`216`, `havana`, `None`).
    public var version: String?
    /// Flags such as `non_utf8_tables`.
    public var flags: [String]
    public init(name: DatabaseName, version: String? = nil, flags: [String] = []) {
        self.name = name; self.version = version; self.flags = flags
    }
}

/// Facts about the whole cloud, written by `upshift discover` (facts.json).
public struct Facts: Codable, Sendable, Hashable {
    public static let currentFormatVersion = 1
    public var formatVersion: Int
    public var hosts: [HostFacts]
    public var databases: [DatabaseFacts]
    public init(hosts: [HostFacts], databases: [DatabaseFacts]) {
        formatVersion = Facts.currentFormatVersion; self.hosts = hosts; self.databases = databases
    }
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", hosts, databases }
    public func host(_ name: HostName) -> HostFacts? { hosts.first { $0.host == name } }
    public func database(_ name: DatabaseName) -> DatabaseFacts? { databases.first { $0.name == name } }
}
