import UpshiftModel

/// The result of merging a package's `.rpmnew` with the operator's file.
public struct RpmnewMerge: Sendable {
    /// The operator's file as it was.
    public var current: ConfigDocument
    /// The merged file: the new file's layout and options, with every option the operator set.
    public var document: ConfigDocument
    /// One finding per option kept, overridden or new; conflicts are warnings.
    public var findings: [Diagnostic]
    /// The unified diff from the operator's file to the merged one, secrets masked.
    public func diff(masker: SecretMasker = SecretMasker()) -> String { current.unifiedDiff(to: document, masker: masker) }
    /// Whether any option was set differently by the operator and the new file.
    public var hasConflicts: Bool { findings.contains { $0.id == "rpmnew.conflict" } }
}

/// Merges a package's new default file (`foo.conf.rpmnew`) with the operator's edited file.
///
/// The merged file starts as the new file (its comments, order and new options). Each option the
/// operator set is then carried over with the operator's exact lines: next to its commented-out
/// default when the new file has one, in place of the new file's assignment when both set it
/// (a conflict, reported with both values masked), or at the end of its section. Nothing the
/// operator set is dropped.
public enum RpmnewMerger {
    public static func merge(current: ConfigDocument, rpmnew: ConfigDocument) -> RpmnewMerge {
        var doc = ConfigDocument(sourceName: current.sourceName, lines: rpmnew.lines)
        var findings: [Diagnostic] = []
        let masker = SecretMasker()
        func note(_ id: String, _ severity: Severity, _ summary: String, _ file: String, _ line: Int?) {
            findings.append(Diagnostic(id: id, severity: severity, summary: summary,
                                       subject: DiagnosticSubject(location: SourceLocation(file: file, line: line))))
        }
        func shown(_ values: [String], _ key: String) -> String {
            values.map { masker.maskValue($0, key: key) }.joined(separator: ", ")
        }
        for ref in current.assignedOptions() {
            let ours = current.entries(for: ref), theirs = doc.entries(for: ref)
            let oursValues = ours.map(\.value), theirsValues = theirs.map(\.value)
            if oursValues == theirsValues { continue }
            let block = ours.flatMap { current.lines[$0.lines].map(\.text) }
            if theirs.isEmpty {
                doc.insert(block, into: ref.section, near: ref.key)
                note("rpmnew.kept-operator", .info, "kept the operator's \(ref) = \(shown(oursValues, ref.key))",
                     current.sourceName, ours[0].lineNumber)
            } else {
                for e in theirs.dropFirst().reversed() { doc.replace(e.lines, with: []) }
                doc.replace(theirs[0].lines, with: block)
                note("rpmnew.conflict", .warning,
                     "\(ref): the new file sets \(shown(theirsValues, ref.key)), the operator set \(shown(oursValues, ref.key)); kept the operator's",
                     rpmnew.sourceName, theirs[0].lineNumber)
            }
        }
        for ref in rpmnew.assignedOptions() where !current.contains(ref) {
            note("rpmnew.new-option", .info, "new option from the package: \(ref) = \(shown(rpmnew.values(of: ref), ref.key))",
                 rpmnew.sourceName, rpmnew.entries(for: ref).first?.lineNumber)
        }
        return RpmnewMerge(current: current, document: doc, findings: findings)
    }
}
