import UpshiftModel

/// The document and findings while a migration runs (one method per change kind).
struct MigrationState {
    /// The file before any change: findings name its line numbers.
    let original: ConfigDocument
    var document: ConfigDocument
    var masker: SecretMasker
    var findings: [Diagnostic] = []

    mutating func report(_ id: String, _ severity: Severity, _ summary: String, _ change: ConfigChange, line: Int?) {
        findings.append(Diagnostic(id: id, severity: severity, summary: summary, detail: change.note, reference: change.source,
                                   subject: DiagnosticSubject(location: SourceLocation(file: document.sourceName, line: line))))
    }

    /// The line of the option in the original file (nil when it was not set there).
    func firstLine(_ ref: OptionRef) -> Int? { original.entries(for: ref).first?.lineNumber }

    mutating func rename(_ c: ConfigChange, rewriteDeprecated: Bool) {
        guard let to = c.to, document.contains(c.option) else { return }
        let line = firstLine(c.option)
        if c.deprecated && !rewriteDeprecated {
            report("config.deprecated-option", .warning,
                   "\(c.option) is deprecated in the target release: its new name is \(to) (kept; --rewrite-deprecated rewrites it)", c, line: line)
            return
        }
        if OsloText.normalizeSection(c.option.section) != OsloText.normalizeSection(to.section) || c.option.key != to.key,
           document.contains(to) {
            document.commentOut(c.option, note: "\(c.option) is superseded by \(to), which this file already sets")
            report("config.rename-conflict", .warning,
                   "\(c.option) and its new name \(to) are both set: kept \(to), commented out \(c.option)", c, line: line)
            return
        }
        document.rename(c.option, to: to)
        report("config.renamed", .info, "renamed \(c.option) to \(to)", c, line: line)
    }

    mutating func remove(_ c: ConfigChange) {
        guard document.contains(c.option) else { return }
        let line = firstLine(c.option)
        let why = c.note.map { ": \($0)" } ?? ""
        document.commentOut(c.option, note: "\(c.option) was removed by the target release\(why)")
        report("config.removed-option", .info, "commented out \(c.option): the target release removed it", c, line: line)
    }

    mutating func set(_ c: ConfigChange, resolver: PlaceholderResolver?) throws(ConfigEditError) {
        guard let raw = c.value else { throw ConfigEditError("\(c.option): a set change needs a value") }
        let (value, secrets) = try Placeholders.substitute(raw, for: c.option.description, resolver: resolver)
        masker.extraSecrets.formUnion(secrets)
        let old = document.value(of: c.option)
        if old == value { return }
        try document.set(c.option, to: value)
        let shown = masker.maskValue(value, key: c.option.key)
        let was = old.map { " (was \(masker.maskValue($0, key: c.option.key)))" } ?? ""
        report("config.set", .info, "set \(c.option) = \(shown)\(was)", c, line: original.entries(for: c.option).last?.lineNumber)
    }

    mutating func rewrite(_ c: ConfigChange, option: OptionRef, force: Bool) throws(ConfigEditError) {
        guard let values = c.values, let entry = document.entries(for: option).last,
              let new = values[entry.value] else { return }
        let line = original.entries(for: option).last?.lineNumber
        let old = masker.maskValue(entry.value, key: option.key), shown = masker.maskValue(new, key: option.key)
        if c.deprecated && !force {
            report("config.deprecated-value", .warning,
                   "\(option) = \(old) is a deprecated value: the new spelling is \(shown) (kept; --rewrite-deprecated rewrites it)",
                   c, line: line)
            return
        }
        try document.set(option, to: new)
        report("config.rewritten", .info, "rewrote \(option) from \(old) to \(shown)", c, line: line)
    }

    /// A warning is advice about the file, reported whether or not the option is set.
    mutating func warn(_ c: ConfigChange) {
        let state = firstLine(c.option) == nil ? "not set" : "set"
        report("config.warning", .warning, "\(c.option) (\(state)): \(c.note ?? "see the pack")", c, line: firstLine(c.option))
    }
}
