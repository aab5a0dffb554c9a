import UpshiftModel

/// An edit that cannot be written so that oslo.config reads it back as asked.
public struct ConfigEditError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ConfigDocument {
    /// Sets a single-valued option. An existing assignment keeps its key, spacing and position: only
    /// the value after the separator changes (on the last assignment, the one oslo.config uses).
    /// A missing option is inserted into its section (after a commented-out `#key=` line if the section
    /// has one, else after the section's last assignment, else after the header); a missing section is
    /// appended at the end of the file.
    public mutating func set(_ ref: OptionRef, to value: String) throws(ConfigEditError) {
        let written = try Self.encode(value, for: ref)
        if let last = entries.last(where: { Self.matches($0, ref) }) {
            if last.value == value { return }
            let first = lines[last.lines.lowerBound].text
            replace(last.lines, with: [Self.valuePrefix(of: first) + written[0]] + written.dropFirst())
        } else {
            insert([keyLine(ref.key, written[0])] + written.dropFirst(), into: ref.section, near: ref.key)
        }
    }

    /// Removes every assignment of `ref` (key and continuation lines). Returns how many were removed.
    @discardableResult
    public mutating func unset(_ ref: OptionRef) -> Int {
        let found = entries(for: ref)
        for e in found.reversed() { replace(e.lines, with: []) }
        return found.count
    }

    /// Comments out every assignment of `ref`, each line prefixed with `#`, preceded by a
    /// `# upshift: NOTE` line. Returns how many assignments were commented out.
    @discardableResult
    public mutating func commentOut(_ ref: OptionRef, note: String) -> Int {
        let found = entries(for: ref)
        for e in found.reversed() {
            let noteLine = "# upshift: " + note.split(whereSeparator: \.isNewline).joined(separator: " ")
            replace(e.lines, with: [noteLine] + lines[e.lines].map { "#" + $0.text })
        }
        return found.count
    }

    /// Renames or moves every assignment of `from` to `to`, keeping values (and multiple values) as
    /// written. Within the same section only the key text changes in place; across sections the
    /// assignment lines move to the target section. Returns false when `from` is not set.
    @discardableResult
    public mutating func rename(_ from: OptionRef, to: OptionRef) -> Bool {
        let found = entries(for: from)
        guard !found.isEmpty else { return false }
        let sameSection = OsloText.normalizeSection(from.section) == OsloText.normalizeSection(to.section)
        var moved: [String] = []
        for e in found.reversed() {
            var block = lines[e.lines].map(\.text)
            block[0] = to.key + block[0].dropFirst(Self.keyLength(of: block[0]))
            if sameSection { replace(e.lines.lowerBound..<e.lines.lowerBound + 1, with: [block[0]]) } else {
                moved.insert(contentsOf: block, at: 0)
                replace(e.lines, with: [])
            }
        }
        if !sameSection { insert(moved, into: to.section, near: to.key) }
        return true
    }
}
