extension ConfigDocument {
    /// The file's lines as they may be shown: secrets masked by `masker`, including the continuation
    /// lines of a secret value.
    public func maskedLines(_ masker: SecretMasker) -> [String] {
        let hidden = secretContinuationLines()
        return lines.indices.map { maskedLine($0, masker, hidden) }
    }

    /// The continuation lines of secret values (masked wholesale).
    func secretContinuationLines() -> Set<Int> {
        var out = Set<Int>()
        for e in entries where e.lines.count > 1 && SecretMasker.isSecret(key: e.key) { out.formUnion(e.lines.dropFirst()) }
        return out
    }

    func maskedLine(_ i: Int, _ masker: SecretMasker, _ hidden: Set<Int>) -> String {
        hidden.contains(i) ? "    " + SecretMasker.mask : masker.maskLine(lines[i].text)
    }

    /// The unified diff from `self` to `edited`, secrets masked; "" when nothing changed.
    /// Line endings are not shown; a change of line ending alone shows as a changed line.
    public func unifiedDiff(to edited: ConfigDocument, masker: SecretMasker = SecretMasker(),
                            oldName: String? = nil, newName: String? = nil) -> String {
        let oldHidden = secretContinuationLines(), newHidden = edited.secretContinuationLines()
        return UnifiedDiff.render(old: lines.map(\.rendered), new: edited.lines.map(\.rendered),
                                  oldShown: { maskedLine($0, masker, oldHidden) },
                                  newShown: { edited.maskedLine($0, masker, newHidden) },
                                  oldName: oldName ?? Self.diffName("a", sourceName), newName: newName ?? Self.diffName("b", edited.sourceName))
    }

    /// `a/nova.conf` for relative names, `a/etc/nova/nova.conf` for absolute ones.
    static func diffName(_ side: String, _ name: String) -> String {
        name.hasPrefix("/") ? side + name : side + "/" + name
    }
}
