import Foundation
import UpshiftModel
import UpshiftPlanning

extension Discovery {
    /// Asks a database's version command on `host`, as the service user (the platform's read-only
    /// `query-as`, like the schema sync's `run-as`): a manage command run as root would leave
    /// root-owned log files behind.
    func databaseVersion(_ db: DatabaseSpec, on host: UpshiftModel.Host) async -> (DatabaseFacts, Diagnostic?) {
        guard let command = db.versionCommand else { return (DatabaseFacts(name: db.name), nil) }
        let platform = platforms.platform(of: host)
        guard let script = ReadOnlyScript.platform(platform, .queryAs, ["user": .word(db.user), "command": .word(command)]) else {
            return (DatabaseFacts(name: db.name), Self.unavailable(.queryAs, host, platforms))
        }
        func unknown(_ why: String) -> (DatabaseFacts, Diagnostic?) {
            (DatabaseFacts(name: db.name), Diagnostic(id: "discover.db-version-unknown", severity: .warning,
                summary: "the \(db.name) schema version could not be read on \(host.name): \(why)",
                fix: "run `\(command)` on \(host.name) by hand", subject: .init(hosts: [host.name])))
        }
        let result: CommandResult
        do throws(TransportError) { result = try await run(script, on: host) } catch { return unknown(Redaction.scrub(error.message)) }
        guard result.succeeded else {
            return unknown("exit \(result.exitStatus): \(Redaction.summary(result.stderrText))")
        }
        guard let version = Self.schemaVersion(stdout: result.stdoutText, stderr: result.stderrText) else {
            return unknown("no version in its output")
        }
        var facts = DatabaseFacts(name: db.name, version: version)
        for query in db.discover {
            switch await rows(of: query, on: host) {
            case .success(let rows): if !rows.isEmpty && !facts.flags.contains(query.flag) { facts.flags.append(query.flag) }
            case .failure(let why):
                return (facts, Diagnostic(id: "discover.query-unknown", severity: .warning,
                    summary: "the \(query.flag) query of \(db.name) could not be run on \(host.name): \(why.message)",
                    fix: "run `\(query.sql)` by hand on the database host" + (query.source.map { " (the pack's source: \($0))" } ?? ""),
                    subject: .init(hosts: [host.name])))
            }
        }
        return (facts, nil)
    }

    /// The rows a pack's read-only query returns, run with the platform's `db-query-mysql` (one per line;
    /// a first line naming the column, as `mysql` prints without `-N`, is not a row).
    func rows(of query: DatabaseQuery, on host: UpshiftModel.Host) async -> Result<[String], ProbeCommandFailure> {
        guard let script = ReadOnlyScript.platform(platforms.platform(of: host), .dbQueryMySQL, ["sql": .word(query.sql)]) else {
            return .failure(ProbeCommandFailure(message: Self.unavailable(.dbQueryMySQL, host, platforms).summary))
        }
        do throws(TransportError) {
            let r = try await run(script, on: host)
            guard r.succeeded else { return .failure(ProbeCommandFailure(message: "exit \(r.exitStatus): \(Redaction.summary(r.stderrText))")) }
            return .success(Self.rows(r.stdoutText, sql: query.sql))
        } catch {
            return .failure(ProbeCommandFailure(message: Redaction.scrub(error.message)))
        }
    }

    /// The non-empty lines of a query's output, without a header line that repeats the selected column.
    static func rows(_ text: String, sql: String) -> [String] {
        let lines = text.scalarLines(omittingEmpty: true).map { $0.stripping([" ", "\t", "\r"]) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return [] }
        let selected = sql.range(of: "SELECT ", options: .caseInsensitive).map { sql[$0.upperBound...].prefix { $0 != " " && $0 != "," } }
        return selected.map { first.caseInsensitiveCompare($0) == .orderedSame } == true ? Array(lines.dropFirst()) : lines
    }

    /// The version a `*-manage` version command printed: the last non-empty line, or for
    /// `neutron-db-manage current` (`Current revision for mysql://…/neutron: 1341ed32cc1e -> havana, havana`)
    /// the revision after `->` (or the whole value after the last `: `, such as `None`). Alembic and oslo log to stderr, so stdout is read first, then stderr.
    /// Never returns text holding a URL (the revision line names the database URL).
    public static func schemaVersion(stdout: String, stderr: String) -> String? {
        for text in [stdout, stderr] {
            let lines = text.scalarLines(omittingEmpty: true).map { $0.stripping([" ", "\t", "\r"]) }.filter { !$0.isEmpty }
            let revision = lines.last { $0.contains("Current revision") }
            guard let line = revision ?? (text == stdout ? lines.last : nil) else { continue }
            var value = line
            if let r = line.range(of: ": ", options: .backwards) { value = String(line[r.upperBound...]) }
            value = value.stripping([" ", "\t"])
            // Alembic 0.6 prints the revision script: `1341ed32cc1e -> havana (head), havana` (down -> rev, doc).
            if let arrow = value.range(of: "->") {
                value = String(value[arrow.upperBound...].prefix { $0 != "," && $0 != "(" }).stripping([" ", "\t"])
            }
            if value.isEmpty || value.contains("://") || value.contains(" ") { continue }
            return value
        }
        return nil
    }
}
