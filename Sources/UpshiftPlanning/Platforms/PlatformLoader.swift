import UpshiftModel
import Yams

/// Reads a platform definition (docs/platforms.md). Every problem names the file and line.
public enum PlatformLoader {
    static let topKeys: Set = ["format_version", "name", "description", "commands"]

    public static func load(text: String, sourceName: String) throws(InputError) -> Platform {
        let doc = try YAMLDocument(text: text, sourceName: sourceName)
        var reader = NodeReader(file: sourceName)
        let root = try reader.topMapping(doc, known: topKeys, what: "the platform", id: "platform.wrong-type",
                                         summary: "a platform must be a mapping with format_version, name and commands")
        if let v = root["format_version"], v.int != Platform.currentFormatVersion {
            reader.error("platform.format-version", "format_version \(v.string ?? "?") is not supported (this upshift reads \(Platform.currentFormatVersion))", at: v)
        } else if root["format_version"] == nil {
            reader.error("platform.missing-field", "the platform lacks format_version", at: root.first?.key,
                         fix: "add `format_version: \(Platform.currentFormatVersion)` at the top")
        }
        let name = reader.string("name", in: root, what: "the platform")
        if name?.isEmpty ?? true { reader.error("platform.missing-field", "the platform has no name", at: doc.root) }
        var commands: [PlatformCommandName: PlatformCommand] = [:]
        if let map = reader.mapping(root["commands"], what: "commands") {
            for pair in map { if let c = command(pair, &reader) { commands[c.0] = c.1 } }
        } else {
            reader.error("platform.missing-field", "the platform has no commands", at: doc.root)
        }
        // Every problem refuses the file (an unknown key is a typo that would silently drop a command).
        if !reader.diagnostics.isEmpty {
            throw InputError(reader.diagnostics.map { d in
                var e = d; e.severity = .error
                if e.id.hasPrefix("inventory.") { e.id = "platform." + e.id.dropFirst("inventory.".count) }
                return e
            })
        }
        let at = reader.location(reader.keyNode("name", in: root))
        return Platform(name: name ?? "", description: reader.string("description", in: root, what: "the platform") ?? "",
                        commands: commands, location: at)
    }

    /// One `NAME: TEMPLATE` or `NAME: {run: TEMPLATE | [TEMPLATE...], read_only: BOOL}` entry.
    static func command(_ pair: Node.Mapping.Element, _ reader: inout NodeReader) -> (PlatformCommandName, PlatformCommand)? {
        let key = pair.key.string ?? ""
        guard let name = PlatformCommandName(rawValue: key) else {
            reader.error("platform.unknown-command", "unknown platform command '\(key)'", at: pair.key,
                         fix: "known: \(PlatformCommandName.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var run: Node? = pair.value, readOnly = false
        if let map = pair.value.mapping {
            reader.checkKeys(map, known: ["run", "read_only"], what: key)
            run = map["run"]
            if let ro = map["read_only"] {
                guard let b = ro.string.flatMap({ ["true": true, "false": false][$0] }) else {
                    reader.error("platform.wrong-type", "\(key).read_only must be true or false", at: ro); return nil
                }
                readOnly = b
            }
        }
        let scripts = run?.sequence.map { $0.compactMap(\.string) } ?? run?.string.map { [$0] } ?? []
        guard !scripts.isEmpty, !scripts.contains(where: \.isEmpty) else {
            reader.error("platform.wrong-type", "\(key) needs a command (a string, a list of strings, or run:)", at: pair.key); return nil
        }
        let allowed = name.placeholders
        for p in scripts.flatMap(CommandTemplate.placeholders) where !allowed.contains(p) {
            reader.error("platform.unknown-placeholder", "\(key) names {\(p)}; it may name: \(allowed.isEmpty ? "none" : allowed.sorted().map { "{\($0)}" }.joined(separator: ", "))",
                         at: pair.value, fix: "write {{ for a literal {")
        }
        if name.mustBeReadOnly && !readOnly {
            reader.error("platform.not-read-only", "\(key) is run by discover and must only read the host: mark it `read_only: true`", at: pair.key)
        }
        return (name, PlatformCommand(scripts: scripts, readOnly: readOnly, location: reader.location(pair.key)))
    }
}
