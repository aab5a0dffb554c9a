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
            for db in s.databases {
                let at = "\(s.name).database \(db.name)"
                for (i, c) in db.preSync.enumerated() { out.append(Entry(source: src, name: "\(at) pre_sync[\(i)] (as \(db.user), through run-as)", readOnly: false, command: c)) }
                out.append(Entry(source: src, name: "\(at) sync (as \(db.user), through run-as)", readOnly: false, command: db.sync))
                if let v = db.versionCommand { out.append(Entry(source: src, name: "\(at) version_command (as \(db.user), through query-as)", readOnly: true, command: v)) }
                for q in db.discover { out.append(Entry(source: src, name: "\(at) discover \(q.flag) (through db-query-mysql)", readOnly: true, command: q.sql)) }
            }
            if let h = s.health { out.append(Entry(source: src, name: "\(s.name).health", readOnly: true, command: h)) }
        }
        if let p = pack.procedure {
            var phases = p.before + p.after
            for m in PlanMethod.allCases { phases += p.methods[m]?.phases ?? [] }
            for ph in phases { procedureCommands(ph.steps, at: "procedure \(ph.id)", src, &out) }
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

    /// The commands of format-2 procedure steps (checks, runs, code installs...), nested steps too.
    static func procedureCommands(_ steps: [StepSpec], at: String, _ src: String, _ out: inout [Entry]) {
        for s in steps {
            if let c = s.command, !out.contains(where: { $0.source == src && $0.command == c }) {
                let user = s.user.map { " (as \($0), through run-as)" } ?? ""
                out.append(Entry(source: src, name: "\(at): \(s.action?.rawValue ?? "step")\(user)", readOnly: false, command: c))
            }
            procedureCommands(s.steps ?? [], at: at, src, &out)
        }
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
