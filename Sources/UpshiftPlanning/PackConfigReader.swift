import UpshiftModel
import Yams

/// Reads the services' config specs straight from a pack's node tree, without Codable: decoding
/// through Yams' `Decoder` makes the Swift runtime look up protocol conformances for every type on
/// first use, which was most of a `config migrate` run. It reads only the plain shapes the pack
/// format documents; on anything else (a wrong type, a null, an unknown kind, a bad option address)
/// it returns nil and the caller decodes with Codable, which reports the problem with file:line.
enum PackConfigReader {
    static func services(_ root: Node?) -> [ServiceConfigSpecs]? {
        guard let services = fields(root)?["services"]?.sequence else { return nil }
        var out: [ServiceConfigSpecs] = []
        for node in services {
            guard let f = fields(node), let name = string(f["name"]) else { return nil }
            var specs: [ConfigFileSpec] = []
            if let config = f["config"] {
                guard let seq = config.sequence else { return nil }
                for spec in seq {
                    guard let s = fileSpec(spec) else { return nil }
                    specs.append(s)
                }
            }
            out.append(ServiceConfigSpecs(name: ServiceName(name), config: specs))
        }
        return out
    }

    private static func fileSpec(_ node: Node) -> ConfigFileSpec? {
        guard let f = fields(node), let file = string(f["file"]) else { return nil }
        var roles: [RoleName] = []
        if let r = f["roles"] {
            guard let names = strings(r) else { return nil }
            roles = names.map(RoleName.init)
        }
        var changes: [ConfigChange] = []
        if let c = f["changes"] {
            guard let seq = c.sequence else { return nil }
            for item in seq {
                guard let change = change(item) else { return nil }
                changes.append(change)
            }
        }
        return ConfigFileSpec(file: file, roles: roles, changes: changes)
    }

    private static func change(_ node: Node) -> ConfigChange? {
        guard let f = fields(node), let kindText = string(f["kind"]), let kind = ConfigChangeKind(rawValue: kindText),
              let optionText = string(f["option"]), let option = OptionRef(parsing: optionText) else { return nil }
        var change = ConfigChange(kind: kind, option: option)
        if let n = f["to"] {
            guard let text = string(n), let to = OptionRef(parsing: text) else { return nil }
            change.to = to
        }
        for (key, path) in [("value", \ConfigChange.value), ("note", \.note), ("source", \.source)] {
            guard let n = f[key] else { continue }
            guard let text = string(n) else { return nil }
            change[keyPath: path] = text
        }
        if let n = f["values"] {
            guard let map = n.mapping else { return nil }
            var values: [String: String] = [:]
            for (k, v) in map {
                guard let key = string(k), let value = string(v) else { return nil }
                values[key] = value
            }
            change.values = values
        }
        if let n = f["deprecated"] {
            guard let text = string(n), text == "true" || text == "false" else { return nil }
            change.deprecated = text == "true"
        }
        if let n = f["when"] {
            guard let w = fields(n), let text = string(w["option"]), let option = OptionRef(parsing: text) else { return nil }
            var match = OptionMatch(option: option)
            if let v = w["in"] { guard let list = strings(v) else { return nil }; match.in = list }
            if let v = w["not_in"] { guard let list = strings(v) else { return nil }; match.notIn = list }
            change.when = match
        }
        return change
    }

    /// A mapping's values by plain string key, or nil when `node` is not such a mapping.
    private static func fields(_ node: Node?) -> [String: Node]? {
        guard let map = node?.mapping else { return nil }
        var out: [String: Node] = [:]
        for (k, v) in map {
            guard let key = string(k) else { return nil }
            out[key] = v
        }
        return out
    }

    /// A scalar's text when it is a plain (or quoted) string that is not a null.
    private static func string(_ node: Node?) -> String? {
        guard let node, case .scalar(let s) = node, node.tag.description == Tag.Name.str.rawValue,
              node.null == nil else { return nil }
        return s.string
    }

    private static func strings(_ node: Node) -> [String]? {
        guard let seq = node.sequence else { return nil }
        var out: [String] = []
        for item in seq {
            guard let s = string(item) else { return nil }
            out.append(s)
        }
        return out
    }
}
