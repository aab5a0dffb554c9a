import UpshiftModel

/// Checks a config file against a pack's changes and, optionally, the target release's sample.
///
/// Findings (ids are stable): `config.deprecated-option` (old name still read, warning),
/// `config.renamed-option` (old name no longer read, error), `config.removed-option` (warning),
/// `config.deprecated-value` (warning), `config.missing-required` (error), `config.warning`,
/// `config.unknown-option` (not documented in the sample, warning: oslo.config ignores unknown keys).
public enum ConfigLinter {
    public static func lint(_ doc: ConfigDocument, changes: [ConfigChange], known: ConfigDocument? = nil) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let masker = SecretMasker()
        func add(_ id: String, _ severity: Severity, _ summary: String, _ line: Int?, _ c: ConfigChange?) {
            out.append(Diagnostic(id: id, severity: severity, summary: summary, detail: c?.note, reference: c?.source,
                                  subject: DiagnosticSubject(location: SourceLocation(file: doc.sourceName, line: line))))
        }
        for c in changes {
            let line = doc.entries(for: c.option).first?.lineNumber
            switch c.kind {
            case .rename:
                guard let line, let to = c.to else { continue }
                if c.deprecated { add("config.deprecated-option", .warning, "\(c.option) is deprecated: use \(to)", line, c) } else {
                    add("config.renamed-option", .error, "\(c.option) is no longer read by the target release: use \(to)", line, c)
                }
            case .remove:
                if let line { add("config.removed-option", .warning, "\(c.option) was removed by the target release", line, c) }
            case .rewrite:
                if let v = doc.value(of: c.option), let new = c.values?[v] {
                    add("config.deprecated-value", .warning,
                        "\(c.option) = \(masker.maskValue(v, key: c.option.key)) is deprecated: use \(masker.maskValue(new, key: c.option.key))", line, c)
                }
            case .set:
                if line == nil { add("config.missing-required", .error, "\(c.option) is required by the target release", nil, c) }
            case .warn:
                add("config.warning", .warning, "\(c.option) (\(line == nil ? "not set" : "set")): \(c.note ?? "see the pack")", line, c)
            }
        }
        if let known {
            let documented = known.documentedOptions()
            let handled = Set(changes.map { normalized($0.option) })
            for e in doc.entries where !documented.contains(normalized(e.option)) && !handled.contains(normalized(e.option)) {
                add("config.unknown-option", .warning, "\(e.option) is not an option of the target release (\(known.sourceName)): oslo.config ignores it",
                    e.lineNumber, nil)
            }
        }
        return out
    }

    static func normalized(_ r: OptionRef) -> OptionRef { OptionRef(section: OsloText.normalizeSection(r.section), key: r.key) }
}

extension ConfigDocument {
    /// Every option a sample file documents, set or commented out (`#name=default`), with
    /// normalised section names.
    public func documentedOptions() -> Set<OptionRef> {
        var out = Set<OptionRef>(), section: String?
        for (i, kind) in kinds.enumerated() {
            switch kind {
            case .section(let name): section = OsloText.normalizeSection(name)
            case .assignment(let key, _): if let section { out.insert(OptionRef(section: section, key: key)) }
            case .comment:
                if let section, let key = Self.commentedKey(lines[i].text) { out.insert(OptionRef(section: section, key: key)) }
            default: break
            }
        }
        return out
    }

    /// The key of a commented-out assignment (`#key=value`, `# key = value`); nil for prose.
    static func commentedKey(_ text: String) -> String? {
        let body = text.dropFirst().drop { $0 == " " || $0 == "#" }
        guard let sep = body.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = OsloText.strip(body[..<sep])
        let identifier = key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        return !key.isEmpty && identifier ? key : nil
    }
}
