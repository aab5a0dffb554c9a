import Foundation
import UpshiftModel
import Yams

/// Decodes YAML text into a Codable type and turns every failure into diagnostics that name the
/// file and the line (Yams' parser marks, or the node a decoding error's coding path leads to).
// @unchecked: `root` is a Yams.Node, a value type (an enum of structs) that Yams does not mark
// Sendable; it is set once in init and never mutated, so sharing a document across tasks is safe.
public struct YAMLDocument: @unchecked Sendable {
    public let text: String
    public let sourceName: String
    /// The composed node tree, used to find the line of a coding path.
    nonisolated(unsafe) let root: Node?  // Yams.Node is an immutable value tree, not marked Sendable.

    /// Parses `text`; throws `InputError` with the parser's line and column on malformed YAML.
    public init(text: String, sourceName: String) throws(InputError) {
        self.text = text
        self.sourceName = sourceName
        do {
            // The basic resolver tags every scalar `str` without running Yams' regular expressions (which cost
            // seconds on a 40,000-line inventory); readers construct ints and bools from the text.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw InputError(Diagnostic(id: "input.yaml-syntax", severity: .error,
                summary: "malformed YAML: \(YAMLDocument.describe(error))",
                subject: .init(location: YAMLDocument.location(of: error, file: sourceName, text: text))))
        } catch {
            throw InputError(Diagnostic(id: "input.yaml-syntax", severity: .error,
                summary: "malformed YAML: \(error)", subject: .init(location: .init(file: sourceName))))
        }
        if root == nil {
            throw InputError(Diagnostic(id: "input.empty", severity: .error, summary: "the file is empty",
                                        subject: .init(location: .init(file: sourceName, line: 1))))
        }
        if let root { try Self.checkExpansion(root, text: text, sourceName: sourceName) }
    }

    /// Decodes the document as `T`, mapping a `DecodingError` to a diagnostic at the offending node.
    public func decode<T: Decodable>(_ type: T.Type) throws(InputError) -> T {
        do {
            // Decode the node tree composed once with the basic resolver (no regular expressions per
            // scalar): loading the built-in pack drops from ~55 ms to a few ms.
            guard let root else { return try YAMLDecoder().decode(T.self, from: text) }
            return try YAMLDecoder().decode(T.self, from: root)
        } catch let error as DecodingError {
            let (path, message) = YAMLDocument.explain(error)
            throw InputError(Diagnostic(id: "input.invalid", severity: .error, summary: message,
                                        subject: .init(location: location(of: path))))
        } catch {
            throw InputError(Diagnostic(id: "input.invalid", severity: .error, summary: "\(error)",
                                        subject: .init(location: .init(file: sourceName))))
        }
    }

    /// The location of the node at a coding path (the deepest node that exists on the way).
    public func location(of path: [any CodingKey]) -> SourceLocation {
        location(ofKeys: path.map { $0.intValue.map(PathKey.index) ?? .key($0.stringValue) })
    }

    public enum PathKey: Sendable, Hashable { case key(String), index(Int) }

    /// The location of the node at a path of keys and indexes.
    public func location(ofKeys path: [PathKey]) -> SourceLocation {
        var node = root
        var mark = root?.mark
        for k in path {
            guard let current = node else { break }
            switch k {
            case .index(let i):
                guard let seq = current.sequence, i < seq.count else { node = nil; continue }
                node = seq[i]
            case .key(let name):
                guard let map = current.mapping else { node = nil; continue }
                if let pair = map.first(where: { $0.key.string == name }) {
                    // Point at the key for a value that is missing or wrong: operators read keys.
                    mark = pair.key.mark ?? mark
                    node = pair.value
                    continue
                }
                node = nil
                continue
            }
            mark = node?.mark ?? mark
        }
        return SourceLocation(file: sourceName, line: mark.map { $0.line }, column: mark.map { $0.column })
    }

    static func explain(_ error: DecodingError) -> ([any CodingKey], String) {
        func where_(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the document" : "'" + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "'"
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return (ctx.codingPath, "\(where_(ctx.codingPath)) lacks required key '\(key.stringValue)'")
        case .typeMismatch(let type, let ctx):
            return (ctx.codingPath, "\(where_(ctx.codingPath)) has the wrong type (expected \(simple(type)))")
        case .valueNotFound(let type, let ctx):
            return (ctx.codingPath, "\(where_(ctx.codingPath)) is empty (expected \(simple(type)))")
        case .dataCorrupted(let ctx):
            let detail = ctx.debugDescription
            return (ctx.codingPath, "\(where_(ctx.codingPath)): \(detail)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    private static func simple(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "String", "HostName", "ServiceName", "RoleName", "DaemonName", "ReleaseName", "DatabaseName", "PhaseID", "StepID": return "a string"
        case "Int": return "an integer"
        case "Bool": return "true or false"
        default:
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a mapping"
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default:
            return "\(error)"
        }
    }

    static func location(of error: YamlError, file: String, text: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _):
            let (line, column) = newlineLocation(yamlLine: mark.line, yamlColumn: mark.column, in: text)
            return SourceLocation(file: file, line: line, column: column)
        default:
            return SourceLocation(file: file)
        }
    }

    /// Maps the parser's line and column to lines as editors, `grep -n` and `sed -n` count them
    /// (ended by `\n`). The YAML parser also ends a line at a lone `\r`, U+0085, U+2028 and U+2029,
    /// so in a file holding those its line numbers run past the file's real lines (a fuzzed
    /// 25-line inventory was reported at line 27). `\r\n` is one break for both.
    static func newlineLocation(yamlLine: Int, yamlColumn: Int, in text: String) -> (line: Int, column: Int) {
        let scalars = Array(text.unicodeScalars)
        var yaml = 1, line = 1, lineStart = 0, i = 0
        while yaml < yamlLine, i < scalars.count {
            switch scalars[i].value {
            case 0x0D:
                if i + 1 < scalars.count, scalars[i + 1].value == 0x0A { i += 1; line += 1; lineStart = i + 1 }
                yaml += 1
            case 0x0A:
                yaml += 1; line += 1; lineStart = i + 1
            case 0x85, 0x2028, 0x2029:
                yaml += 1
            default:
                break
            }
            i += 1
        }
        // Still short of the parser's line: it pointed past the end of the text (its last, empty line).
        if yaml < yamlLine { return (line, max(1, scalars.count - lineStart + 1)) }
        return (line, i - lineStart + yamlColumn)
    }
}
