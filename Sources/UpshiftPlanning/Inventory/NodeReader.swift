import UpshiftModel
import Yams

/// Reads typed fields out of a composed YAML node tree and records a diagnostic (with file:line)
/// for every field that is missing or of the wrong type, so one pass reports every problem.
struct NodeReader {
    /// A mapping's values by key text.
    typealias Fields = [String: Node]
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line, column: node?.mark?.column)
    }

    /// The key node of `key` in a mapping (for pointing at keys, which operators read).
    func keyNode(_ key: String, in map: Node.Mapping?) -> Node? {
        map?.first { $0.key.string == key }?.key
    }

    /// A mapping's values by key text, read in one pass: `fields[key]` is the node Yams' `map[key]`
    /// returns (the last pair whose key is a plain string scalar `key`). Looking keys up in Yams'
    /// mapping copies every pair for every key, which dominated reading a 10,000-host inventory.
    static func fields(_ map: Node.Mapping?) -> Fields? {
        guard let map else { return nil }
        var out: Fields = [:]
        for pair in map {
            guard case .scalar(let k) = pair.key, pair.key.tag.description == Tag.Name.str.rawValue else { continue }
            out[k.string] = pair.value
        }
        return out
    }

    /// The value of `key` in a mapping (see `fields`).
    func value(_ key: String, in map: Node.Mapping?) -> Node? { NodeReader.fields(map)?[key] }

    mutating func error(_ id: String, _ summary: String, at node: Node?, fix: String? = nil, hosts: [HostName] = []) {
        diagnostics.append(Diagnostic(id: id, severity: .error, summary: summary, fix: fix,
                                      subject: .init(location: location(node), hosts: hosts)))
    }

    mutating func warning(_ id: String, _ summary: String, at node: Node?, fix: String? = nil) {
        diagnostics.append(Diagnostic(id: id, severity: .warning, summary: summary, fix: fix,
                                      subject: .init(location: location(node))))
    }

    /// The mapping at `node`, or nil with a diagnostic when it is another kind of node.
    mutating func mapping(_ node: Node?, what: String) -> Node.Mapping? {
        guard let node else { return nil }
        if let m = node.mapping { return m }
        error("inventory.wrong-type", "\(what) must be a mapping", at: node)
        return nil
    }

    /// The document's top-level mapping with its keys checked against `known`; when the document is
    /// not a mapping, throws `id` with `summary` (what it must be) at its first node.
    mutating func topMapping(_ document: YAMLDocument, known: Set<String>, what: String,
                             id: String, summary: String) throws(InputError) -> Node.Mapping {
        guard let root = document.root?.mapping else {
            throw InputError(Diagnostic(id: id, severity: .error, summary: summary, subject: .init(location: location(document.root))))
        }
        checkKeys(root, known: known, what: what)
        return root
    }

    /// Warns about keys not in `known` (a typo such as `role:` would otherwise be silently ignored).
    mutating func checkKeys(_ map: Node.Mapping, known: Set<String>, what: String) {
        for (k, _) in map {
            guard let name = k.string, !known.contains(name) else { continue }
            warning("inventory.unknown-key", "\(what) has an unknown key '\(name)' (ignored)", at: k,
                    fix: "known keys: \(known.sorted().joined(separator: ", "))")
        }
    }

    /// `checkKeys` and `fields` in one pass over the mapping (same warnings, same order).
    mutating func checkedFields(_ map: Node.Mapping, known: Set<String>, what: String) -> Fields {
        var out: Fields = [:]
        for (k, v) in map {
            if let name = k.string, !known.contains(name) {
                warning("inventory.unknown-key", "\(what) has an unknown key '\(name)' (ignored)", at: k,
                        fix: "known keys: \(known.sorted().joined(separator: ", "))")
            }
            guard case .scalar(let key) = k, k.tag.description == Tag.Name.str.rawValue else { continue }
            out[key.string] = v
        }
        return out
    }

    /// A scalar string field; nil when absent (no diagnostic) or not a scalar (diagnostic).
    mutating func string(_ key: String, in map: Node.Mapping?, what: String) -> String? {
        string(key, in: NodeReader.fields(map), what: what)
    }

    /// `string(_:in:what:)` on a mapping already read into fields.
    mutating func string(_ key: String, in fields: Fields?, what: String) -> String? {
        guard let node = fields?[key] else { return nil }
        guard let scalar = node.scalar else {
            error("inventory.wrong-type", "\(what).\(key) must be a string", at: node)
            return nil
        }
        return node.null != nil ? nil : scalar.string
    }

    /// A list of scalar strings; nil when absent. Wrong items are reported and skipped.
    mutating func strings(_ key: String, in map: Node.Mapping?, what: String) -> [String]? {
        strings(key, in: NodeReader.fields(map), what: what)
    }

    /// `strings(_:in:what:)` on a mapping already read into fields.
    mutating func strings(_ key: String, in fields: Fields?, what: String) -> [String]? {
        guard let node = fields?[key] else { return nil }
        if node.null != nil { return [] }
        guard let seq = node.sequence else {
            error("inventory.wrong-type", "\(what).\(key) must be a list", at: node,
                  fix: "write it as [a, b] or as lines starting with '- '")
            return nil
        }
        var out: [String] = []
        for item in seq {
            if item.scalar != nil, let s = item.string { out.append(s) } else {
                error("inventory.wrong-type", "\(what).\(key) must hold only strings", at: item)
            }
        }
        return out
    }
}
