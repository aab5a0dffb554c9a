import UpshiftModel

extension PackLoader {
    /// The `client:` templates name only their placeholders, and health checks known daemons.
    static func clientProblems(_ pack: Pack, in doc: YAMLDocument, daemons: Set<DaemonName>) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func fail(_ id: String, _ summary: String, _ path: [YAMLDocument.PathKey]) {
            out.append(Diagnostic(id: "pack.\(id)", severity: .error, summary: summary,
                                  subject: .init(location: doc.location(ofKeys: [.key("client")] + path))))
        }
        let c = pack.client
        let named: [(String, String?, Set<String>)] = [
            ("disable_scheduling", c.disableScheduling, ["host"]), ("enable_scheduling", c.enableScheduling, ["host"]),
            ("lookup", c.lookup, ["script"]),
        ]
        for (key, template, allowed) in named {
            for p in CommandTemplate.placeholders(template ?? "") where !allowed.contains(p) {
                fail("unknown-placeholder", "client.\(key) names {\(p)}; it may name \(allowed.map { "{\($0)}" }.joined(separator: ", "))", [.key(key)])
            }
        }
        for (i, d) in (c.host?.daemons ?? []).enumerated() where !daemons.contains(d) {
            fail("unknown-reference", "client.host names unknown daemon '\(d)'", [.key("host"), .key("daemons"), .index(i)])
        }
        if let r = c.host?.role, !pack.roles.contains(where: { $0.name == r }) {
            fail("unknown-reference", "client.host names unknown role '\(r)'", [.key("host"), .key("role")])
        }
        for (i, h) in c.healthFromAPI.enumerated() {
            if !daemons.contains(h.daemon) { fail("unknown-reference", "client.health_from_api names unknown daemon '\(h.daemon)'", [.key("health_from_api"), .index(i), .key("daemon")]) }
            for p in CommandTemplate.placeholders(h.run) where p != "host" {
                fail("unknown-placeholder", "client.health_from_api[\(i)] names {\(p)}; it may name {host}", [.key("health_from_api"), .index(i), .key("run")])
            }
        }
        return out
    }
}
