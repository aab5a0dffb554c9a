import Foundation
import UpshiftModel
import UpshiftPlanning

extension Discovery {
    /// Asks a database's version command on `host`, as the service user (`runuser`, like the
    /// schema sync): running `nova-manage` as root would leave root-owned log files behind.
    func databaseVersion(_ db: DatabaseSpec, on host: UpshiftModel.Host) async -> (DatabaseFacts, Diagnostic?) {
        guard let command = db.versionCommand else { return (DatabaseFacts(name: db.name), nil) }
        let script = "runuser -s /bin/sh \(ShellQuote.quote(db.user)) -c \(ShellQuote.quote(command))"
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
        return (DatabaseFacts(name: db.name, version: version), nil)
    }

    /// The version a `*-manage` version command printed: the last non-empty line, or for
    /// `neutron-db-manage current` (`Current revision for mysql://…/neutron: havana`) what follows
    /// the last `: `. Alembic and oslo log to stderr, so stdout is read first, then stderr.
    /// Never returns text holding a URL (the revision line names the database URL).
    public static func schemaVersion(stdout: String, stderr: String) -> String? {
        for text in [stdout, stderr] {
            let lines = text.split(separator: "\n").map { $0.stripping([" ", "\t", "\r"]) }.filter { !$0.isEmpty }
            let revision = lines.last { $0.contains("Current revision") }
            guard let line = revision ?? (text == stdout ? lines.last : nil) else { continue }
            var value = line
            if let r = line.range(of: ": ", options: .backwards) { value = String(line[r.upperBound...]) }
            value = value.stripping([" ", "\t"])
            if value.isEmpty || value.contains("://") || value.contains(" ") { continue }
            return value
        }
        return nil
    }
}
