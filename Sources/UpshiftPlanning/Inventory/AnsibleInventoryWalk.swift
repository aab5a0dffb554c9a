import UpshiftModel
import Yams

/// Reads an Ansible YAML inventory's groups, hosts and variables (with the node of each, for
/// file:line), then resolves each host's groups (with every ancestor group) and variables with
/// Ansible's precedence: outer group vars, then inner ones (same depth: by name), then host vars.
struct AnsibleInventoryWalk {
    var reader: NodeReader
    struct Group { var name: String; var node: Node?; var vars: [(String, String)] = []; var children: [String] = []; var hosts: [String] = [] }
    struct HostEntry {
        var name: String
        var node: Node?
        var groups: [String] = []
        var vars: [String: (value: String, node: Node)] = [:]
        var address: String { vars["ansible_host"]?.value ?? name }
        var user: String? { vars["ansible_user"]?.value ?? vars["ansible_ssh_user"]?.value }
    }
    /// Groups in the order they first appear (not `all`, `ungrouped`).
    private(set) var groups: [Group] = []
    private(set) var hosts: [HostEntry] = []
    private var groupVarNodes: [String: [String: Node]] = [:]

    init(reader: NodeReader) { self.reader = reader }

    mutating func read(_ root: Node?) {
        guard let root, root.null == nil else { return }
        guard let map = root.mapping else {
            return reader.error("ansible.wrong-type", "an Ansible inventory must be a mapping of groups (all: {hosts: …, children: …})", at: root)
        }
        for (k, v) in map { if let name = k.string { group(name, v, at: k) } }
        resolve()
    }

    private mutating func index(_ name: String, _ node: Node?) -> Int {
        if let i = groups.firstIndex(where: { $0.name == name }) { return i }
        groups.append(Group(name: name, node: node)); return groups.count - 1
    }

    /// One occurrence of group `name` (a group may be written in several places; they add up).
    private mutating func group(_ name: String, _ node: Node, at key: Node) {
        let i = index(name, key)
        guard node.null == nil else { return }
        guard let map = reader.mapping(node, what: "group \(name)") else { return }
        let fields = reader.checkedFields(map, known: ["hosts", "vars", "children"], what: "group \(name)")
        for (k, v) in vars(fields["vars"], what: "group \(name) vars") { groups[i].vars.append((k, v.string ?? "")); groupVarNodes[name, default: [:]][k] = v }
        if let node = fields["hosts"], node.null == nil, let hostMap = reader.mapping(node, what: "group \(name) hosts") {
            for (hk, hv) in hostMap { if let h = hostName(hk) { groups[i].hosts.append(h); host(h, hk, hv) } }
        }
        if let node = fields["children"], node.null == nil, let childMap = reader.mapping(node, what: "group \(name) children") {
            for (ck, cv) in childMap {
                guard let child = ck.string else { continue }
                if !groups[i].children.contains(child) { groups[i].children.append(child) }
                group(child, cv, at: ck)
            }
        }
    }

    private mutating func hostName(_ key: Node) -> String? {
        guard let name = key.string else { return nil }
        if name.contains("[") && name.contains(":") {
            reader.error("ansible.host-range", "host pattern \(name) is a range, which the import does not expand", at: key, fix: "list the hosts one by one")
            return nil
        }
        guard InventoryParser.isValidHostName(name) else {
            reader.error("ansible.host-name", "host name \(name) is not usable (letters, digits, '.', '_', '-'; not starting with '-' or '.')", at: key)
            return nil
        }
        return name
    }

    private mutating func host(_ name: String, _ key: Node, _ value: Node) {
        if !hosts.contains(where: { $0.name == name }) { hosts.append(HostEntry(name: name, node: key)) }
        let i = hosts.firstIndex { $0.name == name }!
        for (k, v) in vars(value, what: "host \(name)") { hosts[i].vars[k] = (v.string ?? "", v) }
    }

    /// A vars mapping of scalars (other values are Ansible's business, not an ssh setting: skipped).
    private mutating func vars(_ node: Node?, what: String) -> [(String, Node)] {
        guard let node, node.null == nil, let map = reader.mapping(node, what: what) else { return [] }
        return map.compactMap { k, v in k.string.flatMap { key in v.scalar != nil ? (key, v) : nil } }
    }

    /// Each host's groups (with ancestors) and its variables by Ansible's precedence.
    private mutating func resolve() {
        var parents: [String: [String]] = [:]
        for g in groups { for c in g.children { parents[c, default: []].append(g.name) } }
        func depth(_ name: String, _ seen: Set<String> = []) -> Int {
            guard !seen.contains(name) else { return 0 }
            return (parents[name] ?? []).map { depth($0, seen.union([name])) + 1 }.max() ?? 0
        }
        for i in hosts.indices {
            var member: [String] = [], queue = groups.filter { $0.hosts.contains(hosts[i].name) }.map(\.name)
            while let g = queue.popLast() { if !member.contains(g) { member.append(g); queue += parents[g] ?? [] } }
            let ordered = member.sorted { (depth($0), $0) < (depth($1), $1) }
            var merged: [String: (value: String, node: Node)] = [:]
            for g in ordered { for (k, node) in groupVarNodes[g] ?? [:] { merged[k] = (node.string ?? "", node) } }
            for (k, v) in hosts[i].vars { merged[k] = v }
            hosts[i].vars = merged
            hosts[i].groups = groups.map(\.name).filter { member.contains($0) && $0 != "all" && $0 != "ungrouped" }
        }
        groups.removeAll { $0.name == "all" || $0.name == "ungrouped" }
    }
}

extension AnsibleInventoryWalk.HostEntry {
    /// What keeps this host out of an Upshift inventory (errors) or is worth saying (warnings).
    func problems(roles: [RoleName], file: String, location: SourceLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func at(_ n: Node?) -> SourceLocation { n?.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? location }
        if roles.isEmpty {
            out.append(Diagnostic(id: "ansible.host-without-role", severity: .error,
                summary: "host \(name) is in no group that maps to a role (groups: \(groups.isEmpty ? "none" : groups.joined(separator: ", ")))",
                fix: "put it in a group named like a role, or --map GROUP=ROLE", subject: .init(location: location, hosts: [HostName(name)])))
        }
        if !InventoryParser.isValidAddress(address) {
            out.append(Diagnostic(id: "ansible.address", severity: .error, summary: "host \(name) has an ansible_host that is not an IP address, DNS name or ssh alias",
                                  subject: .init(location: at(vars["ansible_host"]?.node), hosts: [HostName(name)])))
        }
        if let user, !InventoryParser.isValidUser(user) {
            out.append(Diagnostic(id: "ansible.user", severity: .error, summary: "host \(name) has an ansible_user that is not a login name",
                                  subject: .init(location: at(vars["ansible_user"]?.node ?? vars["ansible_ssh_user"]?.node), hosts: [HostName(name)])))
        }
        if let port = vars["ansible_port"] ?? vars["ansible_ssh_port"], port.value != "22" {
            out.append(Diagnostic(id: "ansible.port", severity: .warning,
                summary: "host \(name) listens for ssh on port \(port.value), which an Upshift inventory does not carry",
                fix: "add `Host \(address)` with `Port \(port.value)` to the ssh config and name it in the inventory (ssh: {config: FILE})",
                subject: .init(location: at(port.node), hosts: [HostName(name)])))
        }
        return out
    }
}
