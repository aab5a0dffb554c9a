import UpshiftModel

extension ConfigDocument {
    /// Whether an entry belongs to the option `ref` (sections compared as oslo.config groups them).
    static func matches(_ entry: ConfigEntry, _ ref: OptionRef) -> Bool {
        entry.key == ref.key && OsloText.normalizeSection(entry.section) == OsloText.normalizeSection(ref.section)
    }

    /// Every assignment of `ref` in file order (more than one for multi-valued or duplicated keys).
    public func entries(for ref: OptionRef) -> [ConfigEntry] { entries.filter { Self.matches($0, ref) } }

    /// Every value of `ref` in file order, as oslo.config reads them.
    public func values(of ref: OptionRef) -> [String] { entries(for: ref).map(\.value) }

    /// The value oslo.config uses for a single-valued option: the last one in the file.
    public func value(of ref: OptionRef) -> String? { entries.last { Self.matches($0, ref) }?.value }

    /// Whether the file assigns `ref` at all.
    public func contains(_ ref: OptionRef) -> Bool { entries.contains { Self.matches($0, ref) } }

    /// The values of every option, grouped the way oslo.config's parser groups them:
    /// normalised section name → key → values in file order.
    public func normalizedValues() -> [String: [String: [String]]] {
        var out: [String: [String: [String]]] = [:]
        for header in sections where out[OsloText.normalizeSection(header.name)] == nil {
            out[OsloText.normalizeSection(header.name)] = [:]
        }
        for e in entries { out[OsloText.normalizeSection(e.section), default: [:]][e.key, default: []].append(e.value) }
        return out
    }

    /// Every option assigned in the file, once each, in order of first appearance; the section is
    /// spelled as at its first appearance.
    public func assignedOptions() -> [OptionRef] {
        var seen = Set<OptionRef>(), out: [OptionRef] = []
        for e in entries {
            let norm = OptionRef(section: OsloText.normalizeSection(e.section), key: e.key)
            if seen.insert(norm).inserted { out.append(e.option) }
        }
        return out
    }

    /// The headers of the blocks that belong to `section` (case-insensitively unless DEFAULT).
    func headers(of section: String) -> [SectionHeader] {
        let norm = OsloText.normalizeSection(section)
        return sections.filter { OsloText.normalizeSection($0.name) == norm }
    }

    /// The end (exclusive line index) of the block that starts at header `h`.
    func blockEnd(of h: SectionHeader) -> Int {
        sections.first { $0.line > h.line }?.line ?? lines.count
    }
}
