extension ConfigDocument {
    /// The file's lines as they may be shown: secrets masked by `masker`, including the continuation
    /// lines of a secret value.
    public func maskedLines(_ masker: SecretMasker) -> [String] {
        var shown = lines.map { masker.maskLine($0.text) }
        for e in entries where e.lines.count > 1 && SecretMasker.isSecret(key: e.key) {
            for i in e.lines.dropFirst() { shown[i] = "    " + SecretMasker.mask }
        }
        return shown
    }

    /// The unified diff from `self` to `edited`, secrets masked; "" when nothing changed.
    /// Line endings are not shown; a change of line ending alone shows as a changed line.
    public func unifiedDiff(to edited: ConfigDocument, masker: SecretMasker = SecretMasker(),
                            oldName: String? = nil, newName: String? = nil) -> String {
        UnifiedDiff.render(old: lines.map(\.rendered), new: edited.lines.map(\.rendered),
                           oldShown: maskedLines(masker), newShown: edited.maskedLines(masker),
                           oldName: oldName ?? "a/\(sourceName)", newName: newName ?? "b/\(edited.sourceName)")
    }
}
