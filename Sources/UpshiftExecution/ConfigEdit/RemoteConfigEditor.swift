import Foundation
import UpshiftConfigEditor
import UpshiftModel

/// What an edit of a config file on a host did.
public struct RemoteEditResult: Sendable {
    public var host: HostName
    public var path: String
    /// Whether the file was rewritten (false when the edit changed nothing: nothing is written).
    public var changed: Bool
    /// The unified diff, secrets masked: safe for logs, the journal and reports.
    public var diff: String
    /// Where the original was copied to, when the file was rewritten.
    public var backupPath: String?
    /// Findings of a migration (renamed, removed, deprecated …), masked.
    public var findings: [Diagnostic]
}

/// Edits config files on hosts with the lossless editor: read the file, edit it locally, write it
/// back atomically with a timestamped backup, and re-read it to verify.
///
/// The executor's set-option, unset-option, pin-rpc, unpin-rpc and migrate-config steps call this.
/// An unparsable file, an edit that cannot be written, or a failed write leaves the file untouched;
/// a verification mismatch is reported (the backup is on the host).
public struct RemoteConfigEditor: Sendable {
    public let access: any ConfigFileAccess
    /// The run's start time as `YYYYMMDDTHHMMSS` (UTC): the backup suffix.
    public let stamp: String

    public init(access: any ConfigFileAccess, stamp: String) { self.access = access; self.stamp = stamp }

    /// The backup stamp of one step's edits in a run that started at `date`: the run's time and a
    /// tag of the step, so two steps editing the same file keep one backup each and a rollback of
    /// either restores exactly what that step saw.
    public static func stamp(for date: Date, step: StepID) -> String {
        var h: UInt32 = 0x811c9dc5
        for b in step.rawValue.utf8 { h = (h ^ UInt32(b)) &* 0x01000193 }
        let hex = String(h, radix: 16)
        return stamp(for: date) + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The backup stamp for a run that started at `date`.
    public static func stamp(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let s = String(v ?? 0); return s.count < 2 ? "0" + s : s }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))"
    }

    /// Applies `edit` to the file at `path`; `masker` masks the diff (add resolved secrets to it).
    public func edit(_ path: String, masker: SecretMasker = SecretMasker(), findings: [Diagnostic] = [],
                     _ edit: (inout ConfigDocument) throws -> Void) async throws(ConfigEditFailure) -> RemoteEditResult {
        let original = try await parse(path)
        var edited = original
        do { try edit(&edited) } catch {
            throw ConfigEditFailure(.invalidEdit, host: access.host, path: path, message: String(describing: error))
        }
        return try await commit(path, original: original, edited: edited, masker: masker, findings: findings)
    }

    /// Sets options (placeholders resolved by `resolver`; resolved secrets masked in the diff).
    public func set(_ values: [OptionValue], in path: String, resolver: PlaceholderResolver? = nil) async throws(ConfigEditFailure) -> RemoteEditResult {
        let changes = values.map { ConfigChange(kind: .set, option: $0.option, value: $0.value) }
        return try await migrate(path, changes: changes, options: MigrationOptions(resolver: resolver))
    }

    /// Removes options (every assignment of each).
    public func unset(_ options: [OptionRef], in path: String) async throws(ConfigEditFailure) -> RemoteEditResult {
        try await edit(path) { doc in for o in options { doc.unset(o) } }
    }

    /// Applies a pack's changes to the file (see `ConfigMigrator`).
    public func migrate(_ path: String, changes: [ConfigChange], options: MigrationOptions) async throws(ConfigEditFailure) -> RemoteEditResult {
        let original = try await parse(path)
        let result: MigrationResult
        do { result = try ConfigMigrator(options: options).migrate(original, changes: changes) } catch {
            throw ConfigEditFailure(.invalidEdit, host: access.host, path: path, message: error.description)
        }
        return try await commit(path, original: original, edited: result.document, masker: result.masker, findings: result.findings)
    }

    func parse(_ path: String) async throws(ConfigEditFailure) -> ConfigDocument {
        let bytes = try await access.read(path)
        do { return try ConfigDocument.parse(bytes: bytes, sourceName: "\(access.host):\(path)") } catch {
            throw ConfigEditFailure(.invalidFile, host: access.host, path: path,
                                    message: "oslo.config could not read this file; not editing it", diagnostics: error.diagnostics)
        }
    }

    func commit(_ path: String, original: ConfigDocument, edited: ConfigDocument, masker: SecretMasker,
                findings: [Diagnostic]) async throws(ConfigEditFailure) -> RemoteEditResult {
        let diff = original.unifiedDiff(to: edited, masker: masker, oldName: "a\(path)", newName: "b\(path)")
        guard edited.lines != original.lines else {
            return RemoteEditResult(host: access.host, path: path, changed: false, diff: "", backupPath: nil, findings: findings)
        }
        let bytes = Array(edited.render().utf8)
        try await access.write(path, contents: bytes, stamp: stamp)
        guard try await access.read(path) == bytes else {
            throw ConfigEditFailure(.verifyFailed, host: access.host, path: path,
                                    message: "the file read back differs from what was written; the original is at \(path).upshift-\(stamp)")
        }
        return RemoteEditResult(host: access.host, path: path, changed: true, diff: diff,
                                backupPath: "\(path).upshift-\(stamp)", findings: findings)
    }
}
