import UpshiftModel

extension InventoryValidator {
    func checkHostServices(_ host: Host, index i: Int, _ parsed: ParsedInventory, _ out: inout DiagnosticList) {
        guard let listed = host.services else { return }
        let enabled = parsed.inventory.settings.services
        for (j, name) in listed.enumerated() {
            let at = parsed.location(host: i, [.key("services"), .index(j)])
            guard let spec = services.first(where: { $0.name == name }) else {
                out.error("inventory.unknown-service", "host '\(host.name)' lists unknown service '\(name)'", at: at,
                          hosts: [host.name], fix: "services the pack knows: \(serviceList)")
                continue
            }
            if spec.daemons(forRoles: host.roles, includeNew: true).isEmpty {
                let roleText = host.roles.map(\.rawValue).joined(separator: ", ")
                out.error("inventory.service-without-daemons",
                          "host '\(host.name)' lists service '\(name)', which has no daemons on its roles (\(roleText))",
                          at: at, hosts: [host.name],
                          fix: "add the role that runs \(name) to the host, or remove \(name) from its services")
            }
            if !enabled.isEmpty, !enabled.contains(name) {
                out.error("inventory.service-not-enabled", "host '\(host.name)' lists service '\(name)', which settings.services does not enable",
                          at: at, hosts: [host.name], fix: "add \(name) to settings.services or remove it from the host")
            }
        }
    }

    func checkEnabledServices(_ parsed: ParsedInventory, _ out: inout DiagnosticList) {
        for (k, name) in parsed.inventory.settings.services.enumerated() where !services.contains(where: { $0.name == name }) {
            out.error("inventory.unknown-service", "settings.services lists unknown service '\(name)'",
                      at: parsed.location([.key("settings"), .key("services"), .index(k)]),
                      fix: "services the pack knows: \(serviceList)")
        }
    }

    var serviceList: String { services.map(\.name.rawValue).joined(separator: ", ") }
}

/// Collects diagnostics with their location; a small builder so checks read as one line each.
struct DiagnosticList {
    let sourceName: String
    var items: [Diagnostic] = []

    mutating func add(_ severity: Severity, _ id: String, _ summary: String, at location: SourceLocation,
                      hosts: [HostName] = [], fix: String? = nil) {
        items.append(Diagnostic(id: id, severity: severity, summary: summary, fix: fix,
                                subject: .init(location: location, hosts: hosts)))
    }

    mutating func error(_ id: String, _ summary: String, at location: SourceLocation, hosts: [HostName] = [], fix: String? = nil) {
        add(.error, id, summary, at: location, hosts: hosts, fix: fix)
    }
}
