import UpshiftModel
import Yams

extension YAMLDocument {
    /// The most nodes a document may hold once its aliases are expanded: the size of its own text
    /// in bytes (a document without aliases has fewer nodes than bytes), but at least this floor.
    static let expansionFloor = 10_000

    /// Refuses a document whose aliases expand it past `max(expansionFloor, bytes)` nodes: each
    /// alias is a full copy for the decoder, so nested aliases of a few hundred bytes grow ~9x per
    /// level ("billion laughs"). The walk stops at the limit, so checking costs at most that.
    /// The line named is the nearest node on the path written in the text (for `key: *alias`, the key).
    static func checkExpansion(_ root: Node, text: String, sourceName: String) throws(InputError) {
        guard text.utf8.contains(UInt8(ascii: "*")), text.utf8.contains(UInt8(ascii: "&")) else { return }
        let limit = max(expansionFloor, text.utf8.count)
        var seen = Set<Int>(), count = 0
        var stack: [(node: Node, at: Mark?)] = [(root, root.mark)]
        while let (node, inherited) = stack.popLast() {
            count += 1
            let key = node.mark.map { $0.line << 24 | $0.column } ?? -1
            // A mark already walked is a copy an alias made: it points at the anchor, not the alias.
            let at = key >= 0 && seen.insert(key).inserted ? node.mark : inherited
            if count > limit {
                let (line, column) = at.map { newlineLocation(yamlLine: $0.line, yamlColumn: $0.column, in: text) } ?? (1, 1)
                throw InputError(Diagnostic(id: "input.yaml-aliases", severity: .error,
                    summary: "aliases expand the document past \(limit) nodes (more than its \(text.utf8.count) bytes could hold); refused",
                    fix: "write the repeated parts out, or nest fewer aliases", subject: .init(location: .init(file: sourceName, line: line, column: column))))
            }
            switch node {
            case .mapping(let m):
                for (k, v) in m.reversed() {
                    let keyAt = k.mark.map { seen.contains($0.line << 24 | $0.column) } == false ? k.mark : at
                    stack.append((v, keyAt)); stack.append((k, at))
                }
            case .sequence(let s): for item in s.reversed() { stack.append((item, at)) }
            default: break
            }
        }
    }
}
