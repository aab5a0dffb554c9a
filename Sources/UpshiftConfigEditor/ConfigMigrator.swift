import UpshiftModel

/// What a migration may do beyond the pack's mandatory changes.
public struct MigrationOptions: Sendable {
    /// Rewrite options whose old name still works in the target release (`--rewrite-deprecated`).
    public var rewriteDeprecated: Bool
    /// Resolves `{{secret:…}}`, `{{var:…}}` and other placeholders in `set` values.
    public var resolver: PlaceholderResolver?
    public init(rewriteDeprecated: Bool = false, resolver: PlaceholderResolver? = nil) {
        self.rewriteDeprecated = rewriteDeprecated; self.resolver = resolver
    }
}

/// The outcome of a migration: the edited document, one finding per change that applied, and the
/// resolved secret values (so every later rendering masks them).
public struct MigrationResult: Sendable {
    public var original: ConfigDocument
    public var document: ConfigDocument
    public var findings: [Diagnostic]
    public var masker: SecretMasker
    /// Whether the migration changed the file.
    public var changed: Bool { original.lines != document.lines }
    /// The unified diff of the migration, secrets masked.
    public func diff() -> String { original.unifiedDiff(to: document, masker: masker) }
}

/// Applies a pack's `[ConfigChange]` to one config file with minimal edits.
///
/// Renames move or rename the assignment lines (values and duplicates kept); with `deprecated`
/// they are only reported unless `rewriteDeprecated`. Removed options are commented out with a
/// note, never deleted. `set` inserts or updates a required option. `rewrite` maps old values to
/// new ones and leaves unknown values alone. `warn` only reports. A change with `when` applies
/// only where the file's value of that option satisfies it. Every finding names the file
/// and line; values in findings are masked.
public struct ConfigMigrator: Sendable {
    public var options: MigrationOptions
    public init(options: MigrationOptions = MigrationOptions()) { self.options = options }

    /// Migrates `document`; throws only when a placeholder cannot be resolved or a value cannot be written.
    public func migrate(_ document: ConfigDocument, changes: [ConfigChange]) throws(ConfigEditError) -> MigrationResult {
        var state = MigrationState(original: document, document: document, masker: SecretMasker())
        // A change with `when` applies only where the file's (original) value satisfies it.
        for change in changes where change.when.map({ $0.holds(document.value(of: $0.option)) }) ?? true {
            switch change.kind {
            case .rename: state.rename(change, rewriteDeprecated: options.rewriteDeprecated)
            case .remove: state.remove(change)
            case .set: try state.set(change, resolver: options.resolver)
            case .rewrite: try state.rewrite(change, option: change.option, force: options.rewriteDeprecated)
            case .warn: state.warn(change)
            }
        }
        return MigrationResult(original: document, document: state.document, findings: state.findings, masker: state.masker)
    }
}
