import UpshiftModel

/// What selector matching reads of a host, without its name: hosts of the same shape match the
/// same selectors while the cloud-wide state (database schemas) stays the same.
struct HostShape: Hashable {
    let roles: [RoleName]
    let daemons: [DaemonState]
    let config: [String: [OptionRef: String]]
    let knownFiles: Set<String>
    let packages: [String: String]?

    init(_ h: HostState) {
        roles = h.roles; daemons = h.daemons; config = h.config; knownFiles = h.knownFiles; packages = h.packages
    }

    /// Hashes only counts and flags (equal shapes hash equally; `==` still compares everything):
    /// hashing every name and nested config dictionary cost more than the matching it saves.
    func hash(into hasher: inout Hasher) {
        hasher.combine(daemons.count)
        for d in daemons {
            hasher.combine(d.name.rawValue.utf8.count)
            hasher.combine(d.version == .to); hasher.combine(d.running); hasher.combine(d.scheduling)
        }
        hasher.combine(roles.count)
        hasher.combine(config.count)
        hasher.combine(config.values.reduce(0) { $0 + $1.count })
        hasher.combine(knownFiles.count)
        hasher.combine(packages?.count ?? -1)
    }
}
