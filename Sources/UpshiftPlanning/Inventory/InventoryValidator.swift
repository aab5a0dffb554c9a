import UpshiftModel

/// Checks an inventory against a pack's roles and services, collecting every problem.
///
/// Ids (stable, quoted in docs/inventory.md): `inventory.no-hosts`, `inventory.duplicate-host`,
/// `inventory.duplicate-address`, `inventory.unknown-role`, `inventory.conflicting-roles`,
/// `inventory.unknown-service`, `inventory.service-without-daemons`, `inventory.service-not-enabled`,
/// `inventory.missing-role`, `inventory.release-mismatch` (warning).
public struct InventoryValidator: Sendable {
    public let roles: [RoleSpec]
    public let services: [ServiceSpec]
    /// The release the pack upgrades from; hosts on another release get a warning.
    public let sourceRelease: ReleaseName?
    /// The platforms hosts may name (built-ins and the inventory's platform files); nil: not checked.
    public var knownPlatforms: Set<String>?
    /// The pack's cloud settings (`settings:` keys besides virt_type and services); nil: not checked.
    public var cloudSettings: [PackChoice]?

    /// A validator for the given roles and services (in pack order).
    public init(roles: [RoleSpec], services: [ServiceSpec], sourceRelease: ReleaseName? = nil) {
        self.roles = roles; self.services = services; self.sourceRelease = sourceRelease
    }

    /// A validator for a pack's roles, services and source release.
    public init(pack: Pack) {
        self.init(roles: pack.roles, services: pack.services, sourceRelease: pack.from)
        cloudSettings = pack.cloudSettings
    }

    /// Every problem of `parsed` that needs the pack to see, in host order.
    public func validate(_ parsed: ParsedInventory) -> [Diagnostic] {
        var out = DiagnosticList(sourceName: parsed.sourceName)
        let inv = parsed.inventory
        if inv.hosts.isEmpty && !parsed.diagnostics.hasErrors {
            out.error("inventory.no-hosts", "the inventory has no hosts", at: parsed.location([.key("hosts")]),
                      fix: "list the cloud's hosts under `hosts:` (docs/inventory.md)")
        }
        checkDuplicates(parsed, &out)
        checkCloudSettings(parsed, &out)
        for (i, host) in inv.hosts.enumerated() {
            checkRoles(host, index: i, parsed, &out)
            checkHostServices(host, index: i, parsed, &out)
            checkPlatform(host, index: i, parsed, &out)
            if let sourceRelease, host.release != sourceRelease {
                out.add(.warning, "inventory.release-mismatch",
                        "host '\(host.name)' is on release \(host.release), the pack upgrades from \(sourceRelease)",
                        at: parsed.location(host: i, [.key("release")]), hosts: [host.name])
            }
        }
        checkEnabledServices(parsed, &out)
        // The roles the pack marks `required: true` (havana-icehouse: controller).
        for role in roles where role.required && !inv.hosts.isEmpty && !inv.hosts.contains(where: { $0.has(role.name) }) {
            let runs = role.description.isEmpty ? "" : " (\(role.description))"
            out.error("inventory.missing-role", "no host has the role \(role.name), which the pack requires", at: parsed.location([.key("hosts")]),
                      fix: "give the host that runs its daemons\(runs) `roles: [\(role.name)]`")
        }
        return out.items
    }

    /// The enabled services: `settings.services`, or when that is empty every pack service with
    /// daemons for a role some host has (in pack order).
    public func enabledServices(of inventory: Inventory) -> [ServiceName] {
        if !inventory.settings.services.isEmpty { return inventory.settings.services }
        let present = Set(inventory.hosts.flatMap(\.roles))
        return services.filter { !$0.daemons(forRoles: Array(present)).isEmpty }.map(\.name)
    }

    private func checkDuplicates(_ parsed: ParsedInventory, _ out: inout DiagnosticList) {
        var names: [HostName: Int] = [:], addresses: [String: Int] = [:]
        for (i, host) in parsed.inventory.hosts.enumerated() {
            if let first = names[host.name] {
                out.error("inventory.duplicate-host", "host name '\(host.name)' is used twice (first at \(parsed.location(host: first)))",
                          at: parsed.location(host: i, [.key("name")]), hosts: [host.name],
                          fix: "give every host a unique name")
            } else { names[host.name] = i }
            let address = host.address.lowercased()
            if let first = addresses[address] {
                let other = parsed.inventory.hosts[first].name
                out.error("inventory.duplicate-address", "hosts '\(other)' and '\(host.name)' have the same address \(host.address)",
                          at: parsed.location(host: i, [.key("address")]), hosts: [other, host.name],
                          fix: "one host is one entry: list all its roles on that entry")
            } else { addresses[address] = i }
        }
    }

    private func checkRoles(_ host: Host, index i: Int, _ parsed: ParsedInventory, _ out: inout DiagnosticList) {
        let known = roles.map(\.name)
        for (j, role) in host.roles.enumerated() where !known.contains(role) {
            out.error("inventory.unknown-role", "host '\(host.name)' has unknown role '\(role)'",
                      at: parsed.location(host: i, [.key("roles"), .index(j)]), hosts: [host.name],
                      fix: "roles the pack knows: \(known.map(\.rawValue).joined(separator: ", "))")
        }
        for (j, role) in host.roles.enumerated() {
            guard let spec = roles.first(where: { $0.name == role }) else { continue }
            for other in host.roles[(j + 1)...] {
                let otherConflicts = roles.first { $0.name == other }?.conflicts ?? []
                guard spec.conflicts.contains(other) || otherConflicts.contains(role) else { continue }
                out.error("inventory.conflicting-roles", "host '\(host.name)' has roles '\(role)' and '\(other)', which cannot share a host",
                          at: parsed.location(host: i, [.key("roles")]), hosts: [host.name],
                          fix: "keep one of the two roles on this host")
            }
        }
    }
}
