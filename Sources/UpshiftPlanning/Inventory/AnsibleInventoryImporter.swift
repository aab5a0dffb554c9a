import UpshiftModel

/// Builds an Upshift inventory from an Ansible YAML inventory (`all:` with `hosts:`, `vars:` and
/// nested `children:` groups; top-level groups without `all:` too). Pure: text in, inventory and
/// diagnostics out (docs/ansible.md).
///
/// Groups become roles: a group named like one of the pack's roles (`compute`), or its plural
/// (`computes`), or with `-` for `_`, is that role; `--map GROUP=ROLE` names others (and wins).
/// A host's address is `ansible_host` (else its name) and its ssh user `ansible_user`, host vars
/// over group vars, inner groups over outer ones, as Ansible reads them. Ports and other ssh
/// settings belong in the ssh config the inventory names (`ssh: {config: FILE}`): an
/// `ansible_port` is reported, not dropped silently.
public enum AnsibleInventoryImporter {
    public struct Options: Sendable {
        public var platform: String
        public var name: String?
        public var release: ReleaseName
        /// The pack's role names (the mapping's targets) and services (all enabled).
        public var roles: [RoleName]
        public var services: [ServiceName]
        /// The pack's cloud settings at their defaults (written to `settings:` for the operator to review).
        public var cloudSettings: [String: String] = [:]
        /// `--map GROUP=ROLE`, in the order given.
        public var map: [(group: String, role: RoleName)]
        public init(platform: String, name: String? = nil, release: ReleaseName, roles: [RoleName],
                    services: [ServiceName], map: [(group: String, role: RoleName)] = []) {
            self.platform = platform; self.name = name; self.release = release
            self.roles = roles; self.services = services; self.map = map
        }
        /// Options for `pack`: its roles, its services (all enabled) and its cloud settings at their defaults.
        public init(platform: String, name: String? = nil, release: ReleaseName, pack: Pack, map: [(group: String, role: RoleName)] = []) {
            self.init(platform: platform, name: name, release: release, roles: pack.roles.map(\.name), services: pack.services.map(\.name), map: map)
            cloudSettings = Dictionary(uniqueKeysWithValues: pack.cloudSettings.map { ($0.name, $0.default) })
        }
    }

    public struct Result: Sendable {
        public var inventory: Inventory
        /// group → role, for every group that mapped (shown to the operator).
        public var mapping: [(group: String, role: RoleName)]
        /// Warnings and notes (unmapped groups, ports); errors are thrown.
        public var diagnostics: [Diagnostic]
    }

    /// The role a group maps to: `--map` first, then the pack's role names.
    public static func role(of group: String, options: Options) -> RoleName? {
        if let m = options.map.last(where: { $0.group == group }) { return m.role }
        let g = group.lowercased().replacingOccurrences(of: "-", with: "_")
        return options.roles.first { r in
            let n = r.rawValue.lowercased().replacingOccurrences(of: "-", with: "_")
            return g == n || g == n + "s" || g == n + "es"
        }
    }

    public static func importInventory(text: String, sourceName: String, options: Options) throws(InputError) -> Result {
        let document = try YAMLDocument(text: text, sourceName: sourceName)
        var walk = AnsibleInventoryWalk(reader: NodeReader(file: sourceName))
        walk.read(document.root)
        var diagnostics = walk.reader.diagnostics
        var mapping: [(group: String, role: RoleName)] = []
        for g in walk.groups {
            if let r = role(of: g.name, options: options) { mapping.append((g.name, r)); continue }
            diagnostics.append(Diagnostic(id: "ansible.group-unmapped", severity: .info,
                summary: "group \(g.name) maps to no role of the pack (\(options.roles.map(\.rawValue).joined(separator: ", "))); its hosts get no role from it",
                fix: "--map \(g.name)=ROLE to give it one", subject: .init(location: walk.reader.location(g.node))))
        }
        var hosts: [Host] = []
        for h in walk.hosts {
            var roles: [RoleName] = []
            for r in options.roles where h.groups.contains(where: { g in role(of: g, options: options) == r }) { roles.append(r) }
            diagnostics += h.problems(roles: roles, file: sourceName, location: walk.reader.location(h.node))
            hosts.append(Host(name: HostName(h.name), address: h.address, platform: options.platform, release: options.release,
                              roles: roles, user: h.user))
        }
        if hosts.isEmpty {
            diagnostics.append(Diagnostic(id: "ansible.no-hosts", severity: .error, summary: "the Ansible inventory names no hosts",
                                          fix: "give hosts under all.hosts or under a group's hosts:", subject: .init(location: walk.reader.location(document.root))))
        }
        if diagnostics.hasErrors { throw InputError(diagnostics) }
        let inventory = Inventory(name: options.name ?? HostNaming.inventoryName(fromPath: sourceName),
                                  settings: CloudSettings(values: options.cloudSettings, services: options.services), hosts: hosts)
        return Result(inventory: inventory, mapping: mapping, diagnostics: diagnostics)
    }
}
