import UpshiftModel

/// Every command a pack and its platforms can run on a host, for `upshift pack show`: a pack is
/// code that runs as root, and an operator reviews it like code.
public enum HostCommandList {
    /// One command: where it comes from, when it runs, and its text (a template or the pack's shell).
    public struct Entry: Codable, Sendable, Hashable {
        public var source: String
        public var name: String
        public var readOnly: Bool
        public var command: String
        enum CodingKeys: String, CodingKey { case source, name, readOnly = "read_only", command }
    }

    /// The pack's own commands (schema syncs, version queries, lookups, client commands), then each platform's.
    public static func entries(pack: Pack, platforms: [Platform]) -> [Entry] {
        var out: [Entry] = []
        let src = "pack \(pack.name)"
        for s in pack.services {
            guard let db = s.database else { continue }
            for (i, c) in db.preSync.enumerated() { out.append(Entry(source: src, name: "\(s.name).database.pre_sync[\(i)] (as \(db.user), through run-as)", readOnly: false, command: c)) }
            out.append(Entry(source: src, name: "\(s.name).database.sync (as \(db.user), through run-as)", readOnly: false, command: db.sync))
            if let v = db.versionCommand { out.append(Entry(source: src, name: "\(s.name).database.version_command (as \(db.user), through query-as)", readOnly: true, command: v)) }
        }
        for l in pack.events?.lookups ?? [] {
            out.append(Entry(source: src, name: "events.lookups \(l.variable) (through client.lookup)", readOnly: true, command: l.command))
        }
        for (name, template) in pack.client.templates {
            out.append(Entry(source: src, name: "client.\(name) (on the API host)", readOnly: name.hasPrefix("health") || name == "lookup", command: template))
        }
        for p in platforms {
            for name in PlatformCommandName.allCases {
                guard let c = p.command(name) else { continue }
                for script in c.scripts {
                    out.append(Entry(source: "platform \(p.name) (\(p.location.file))", name: name.rawValue, readOnly: c.readOnly, command: script))
                }
            }
        }
        return out
    }

    /// The text form, grouped by source.
    public static func text(_ entries: [Entry]) -> String {
        var l = ["Commands this pack and its platforms can run on a host (each one as root; {name} is a quoted value):"]
        var source = ""
        for e in entries {
            if e.source != source { l += ["", "  \(e.source):"]; source = e.source }
            l.append("    \(e.name)\(e.readOnly ? " [read-only]" : ""):")
            l.append("      \(e.command)")
        }
        return l.joined(separator: "\n")
    }
}
