import Foundation
import UpshiftModel

/// Reads facts.json (written by `upshift discover`) for `check --facts` and `plan --facts`.
///
/// Pure: text in, facts and diagnostics out. The format version is checked before the rest is
/// decoded, so a file from a newer upshift gets a clear message instead of a decoding error.
/// Cross-checks against the inventory: facts of a host the inventory does not have are an error
/// (the file belongs to another cloud); inventory hosts without facts, or unreachable when
/// discovered, are warnings (their checks fall back to "unknown").
public enum FactsDocument {
    /// Decodes `text`; throws `InputError` when it is not a facts file of a supported version.
    public static func parse(text: String, sourceName: String) throws(InputError) -> Facts {
        let location = SourceLocation(file: sourceName)
        func fail(_ id: String, _ summary: String, fix: String? = nil) -> InputError {
            InputError(Diagnostic(id: id, severity: .error, summary: summary, fix: fix, subject: .init(location: location)))
        }
        struct Header: Decodable { var format_version: Int? }
        let data = Data(text.utf8)
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw fail("facts.invalid", "not JSON, or not an object", fix: "pass the facts.json written by `upshift discover -o facts.json`")
        }
        guard let version = header.format_version else {
            throw fail("facts.invalid", "lacks format_version: not a facts file written by upshift discover")
        }
        guard version == Facts.currentFormatVersion else {
            throw fail("facts.unsupported-format-version",
                       "facts format_version \(version) is not supported (this upshift reads \(Facts.currentFormatVersion))",
                       fix: "run `upshift discover` again with this upshift")
        }
        do { return try JSONDecoder().decode(Facts.self, from: data) } catch let error as DecodingError {
            let path: [any CodingKey]
            switch error {
            case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
            @unknown default: path = []
            }
            let at = path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            throw fail("facts.invalid", "facts\(at) is not what upshift discover writes")
        } catch {
            throw fail("facts.invalid", "not a facts file written by upshift discover")
        }
    }

    /// Problems of using `facts` with `inventory` (see the type's documentation).
    public static func crossCheck(_ facts: Facts, inventory: Inventory, sourceName: String) -> [Diagnostic] {
        let location = SourceLocation(file: sourceName)
        var out: [Diagnostic] = []
        let known = Set(inventory.hosts.map(\.name))
        let strangers = facts.hosts.map(\.host).filter { !known.contains($0) }
        if !strangers.isEmpty {
            out.append(Diagnostic(id: "facts.unknown-host", severity: .error,
                summary: "the facts describe host(s) the inventory does not have: \(strangers.map(\.rawValue).joined(separator: ", "))",
                fix: "run `upshift discover` with this inventory", subject: .init(location: location, hosts: strangers)))
        }
        let missing = inventory.hosts.map(\.name).filter { facts.host($0) == nil }
        if !missing.isEmpty {
            out.append(Diagnostic(id: "facts.missing-host", severity: .warning,
                summary: "no facts for \(missing.count) host(s); their package and config checks are skipped",
                subject: .init(location: location, hosts: missing)))
        }
        let unreachable = facts.hosts.filter { !$0.reachable }.map(\.host)
        if !unreachable.isEmpty {
            out.append(Diagnostic(id: "facts.unreachable-host", severity: .warning,
                summary: "\(unreachable.count) host(s) were unreachable when discovered; their checks are skipped",
                fix: "make them reachable and run `upshift discover` again", subject: .init(location: location, hosts: unreachable)))
        }
        return out
    }
}
