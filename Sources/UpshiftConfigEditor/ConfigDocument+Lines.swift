import UpshiftModel

extension ConfigDocument {
    /// Replaces physical lines; new lines get the file's preferred line ending. A file without a final
    /// newline keeps lacking one: the only other line that can change is the one before an insertion
    /// at the very end of such a file (it gains the newline the new last line lacks).
    mutating func replace(_ range: Range<Int>, with texts: [String]) {
        let ending = preferredEnding
        var newLines = texts.map { ConfigLine(text: $0, ending: ending) }
        if range.upperBound == lines.count, !newLines.isEmpty {
            if !range.isEmpty, lines[range.upperBound - 1].ending == .none { newLines[newLines.count - 1].ending = .none }
            if range.isEmpty, range.lowerBound > 0, lines[range.lowerBound - 1].ending == .none {
                lines[range.lowerBound - 1].ending = ending
                newLines[newLines.count - 1].ending = .none
            }
        }
        lines.replaceSubrange(range, with: newLines)
        kinds.replaceSubrange(range, with: newLines.map { LineKind.classify($0.text) })
        reindex()
    }

    /// Inserts assignment lines into `section`: after a commented-out `#key=` line of that section
    /// (and the comment lines right below it that name the key) if one exists, else after the section's last assignment, else after its header. Appends the
    /// section at the end of the file when it does not exist.
    mutating func insert(_ texts: [String], into section: String, near key: String) {
        guard let header = headers(of: section).last else {
            var block: [String] = []
            if let last = lines.last, !OsloText.rstrip(last.text).isEmpty { block.append("") }
            block.append("[\(section)]")
            replace(lines.count..<lines.count, with: block + texts)
            return
        }
        let end = blockEnd(of: header)
        var at = header.line + 1
        if let hint = (header.line + 1..<end).last(where: { Self.isCommentedAssignment(lines[$0].text, key: key) }) {
            at = hint + 1
            // Stay below the examples that follow the commented default (`# Example: key = …`).
            while at < end, kinds[at] == .comment, lines[at].text.contains(key) { at += 1 }
        } else if let last = entries.last(where: { $0.lines.lowerBound > header.line && $0.lines.lowerBound < end }) {
            at = last.lines.upperBound
        }
        replace(at..<at, with: texts)
    }

    /// Whether a comment line is a commented-out assignment of `key` (`#key=value`, `# key = value`).
    static func isCommentedAssignment(_ text: String, key: String) -> Bool {
        guard let first = text.first, first == "#" || first == ";" else { return false }
        let body = text.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "#" }
        guard body.hasPrefix(key) else { return false }
        let rest = body.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
        return rest.first == "=" || rest.first == ":"
    }

    /// The length of the key text at the start of an assignment line (up to spaces or the separator).
    static func keyLength(of line: String) -> Int {
        guard let sep = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return line.count }
        return OsloText.rstrip(line[..<sep]).count
    }

    /// The text of an assignment line up to where the value starts (key, spacing and separator).
    static func valuePrefix(of line: String) -> String {
        guard let sep = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return line + " = " }
        let afterSep = line.index(after: sep)
        let valueStart = line[afterSep...].firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
        return String(line[..<valueStart])
    }

    /// A new assignment line, spaced like the file's last assignment (`key=value` or `key = value`).
    func keyLine(_ key: String, _ value: String) -> String {
        guard let last = entries.last else { return "\(key) = \(value)" }
        let text = lines[last.lines.lowerBound].text
        let prefix = Self.valuePrefix(of: text)
        return key + prefix.dropFirst(Self.keyLength(of: text)) + value
    }

    /// The physical lines that make oslo.config read exactly `value`: quoted when stripping or
    /// unquoting would change it, continuation lines for embedded newlines.
    static func encode(_ value: String, for ref: OptionRef) throws(ConfigEditError) -> [String] {
        let parts = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if value.contains("\0") || value.contains("\r") {
            throw ConfigEditError("\(ref): a value cannot contain NUL or carriage-return characters")
        }
        if parts.count > 1, parts.dropFirst().contains(where: { OsloText.strip($0) != $0 || $0.isEmpty }) {
            throw ConfigEditError("\(ref): continuation lines of a multi-line value cannot be empty or have outer spaces")
        }
        var first = parts[0]
        if OsloText.strip(first) != first || OsloText.unquote(first) != first {
            guard parts.count == 1 else { throw ConfigEditError("\(ref): a multi-line value cannot start with spaces or quotes") }
            first = (first.contains("\"") ? "'" : "\"") + first + (first.contains("\"") ? "'" : "\"")
        }
        return [first] + parts.dropFirst().map { "    " + $0 }
    }
}
