import UpshiftModel

/// One option assignment in a config file: the key line and its continuation lines.
public struct ConfigEntry: Sendable, Hashable {
    /// The section name as written (`[OVS]` and `[ovs]` are different sections here, the same group for oslo).
    public var section: String
    public var key: String
    /// The value as oslo.config reads it: stripped, outer quotes removed, continuation lines joined by `\n`.
    public var value: String
    /// The physical lines (0-based, half-open) the assignment occupies.
    public var lines: Range<Int>
    /// The 1-based line number of the key line.
    public var lineNumber: Int { lines.lowerBound + 1 }
    /// The oslo.config address of this entry, with the section name as written.
    public var option: OptionRef { OptionRef(section: section, key: key) }
}

/// A section header line.
public struct SectionHeader: Sendable, Hashable {
    public var name: String
    /// The 0-based index of the header line.
    public var line: Int
}

/// A parsed oslo.config file that renders back to exactly the bytes it was parsed from.
///
/// The document keeps every physical line verbatim and derives sections and assignments from
/// them with oslo.config's parsing rules. Edits replace, insert or comment out only the lines of
/// the options they touch, so every other line (comments, blank lines, spacing, case, duplicate keys,
/// continuation values) is preserved byte for byte. Sections are matched the way oslo.config groups
/// them: `DEFAULT` exactly, every other name case-insensitively.
public struct ConfigDocument: Sendable, Hashable {
    /// The name used in diagnostics (a path or `host:path`).
    public let sourceName: String
    public internal(set) var lines: [ConfigLine]
    var kinds: [LineKind]
    /// Every assignment in file order.
    public private(set) var entries: [ConfigEntry] = []
    /// Every section header in file order.
    public private(set) var sections: [SectionHeader] = []

    init(sourceName: String, lines: [ConfigLine]) {
        self.sourceName = sourceName
        self.lines = lines
        self.kinds = lines.map { LineKind.classify($0.text) }
        _ = reindex()
    }

    /// The file's bytes, exactly as parsed plus any edits.
    public func render() -> String {
        var out = ""
        out.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + 2 })
        for line in lines { out += line.text; out += line.ending.rawValue }
        return out
    }

    /// The line ending new lines get: the ending of the first line that has one, else LF.
    var preferredEnding: LineEnding { lines.first { $0.ending != .none }?.ending ?? .lf }

    /// Rebuilds `entries` and `sections` from the classified lines; returns the structural problems
    /// (line index and message) in the order oslo.config would meet them.
    @discardableResult
    mutating func reindex() -> [(Int, String)] {
        var problems: [(Int, String)] = []
        var newEntries: [ConfigEntry] = [], newSections: [SectionHeader] = []
        var section: String?
        var open: (key: String, start: Int, values: [String])?
        func flush(upTo end: Int) {
            guard let o = open else { return }
            if let section {
                newEntries.append(ConfigEntry(section: section, key: o.key, value: o.values.joined(separator: "\n"),
                                              lines: o.start..<end))
            } else {
                problems.append((o.start, "Section must be started before assignment"))
            }
            open = nil
        }
        var lastNonBlank = 0
        for (i, kind) in kinds.enumerated() {
            switch kind {
            case .blank: flush(upTo: lastNonBlank + 1); continue
            case .continuation(let text):
                if open == nil { problems.append((i, "Unexpected continuation line")) } else { open!.values.append(text) }
            case .comment: flush(upTo: i)
            case .section(let name): flush(upTo: i); section = name; newSections.append(SectionHeader(name: name, line: i))
            case .assignment(let key, let value): flush(upTo: i); open = (key, i, [value])
            case .invalid(let message): flush(upTo: i); problems.append((i, message))
            }
            lastNonBlank = i
        }
        flush(upTo: lastNonBlank + 1)
        entries = newEntries; sections = newSections
        return problems
    }
}
