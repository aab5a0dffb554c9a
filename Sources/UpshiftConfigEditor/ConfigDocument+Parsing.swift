import UpshiftModel

extension ConfigDocument {
    /// Parses the bytes of an oslo.config file.
    ///
    /// Rejects, with one diagnostic per problem naming `sourceName:line`: bytes that are not UTF-8,
    /// NUL bytes (binary files), and every construct oslo.config itself refuses (a key before any
    /// section, an unterminated or empty section header, a line without `=` or `:`, an empty key,
    /// an indented line with no assignment to continue).
    public static func parse(bytes: [UInt8], sourceName: String) throws(InputError) -> ConfigDocument {
        var lines: [ConfigLine] = []
        var diagnostics: [Diagnostic] = []
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            let hasNewline = end < count
            var textEnd = end
            var ending: LineEnding = hasNewline ? .lf : .none
            if hasNewline, textEnd > start, bytes[textEnd - 1] == 0x0D { textEnd -= 1; ending = .crlf }
            let slice = bytes[start..<textEnd]
            let number = lines.count + 1
            if slice.contains(0) {
                diagnostics.append(problem("config.binary", "contains a NUL byte: this is not a text config file", sourceName, number))
            }
            guard let text = String(validating: slice, as: UTF8.self) else {
                diagnostics.append(problem("config.not-utf8", "is not valid UTF-8 text", sourceName, number))
                lines.append(ConfigLine(text: "", ending: ending))
                start = end + 1
                continue
            }
            lines.append(ConfigLine(text: text, ending: ending))
            start = end + 1
        }
        if !diagnostics.isEmpty { throw InputError(Array(diagnostics.prefix(20))) }
        return try parse(lines: lines, sourceName: sourceName)
    }

    /// Parses the text of an oslo.config file (see `parse(bytes:sourceName:)`).
    public static func parse(text: String, sourceName: String) throws(InputError) -> ConfigDocument {
        try parse(bytes: Array(text.utf8), sourceName: sourceName)
    }

    static func parse(lines: [ConfigLine], sourceName: String) throws(InputError) -> ConfigDocument {
        var doc = ConfigDocument(sourceName: sourceName, lines: lines)
        let problems = doc.reindex()
        guard problems.isEmpty else {
            throw InputError(problems.prefix(20).map { index, message in
                let id = message.hasPrefix("Section must") ? "config.key-before-section"
                    : message.hasPrefix("Invalid section") ? "config.unterminated-section"
                    : "config.syntax"
                return problem(id, "\(message): \(Self.excerpt(lines[index].text))", sourceName, index + 1)
            })
        }
        return doc
    }

    static func problem(_ id: String, _ summary: String, _ file: String, _ line: Int) -> Diagnostic {
        Diagnostic(id: id, severity: .error, summary: summary,
                   fix: "fix the line so that oslo.config can read it (see docs/config.md)",
                   reference: "oslo_config/iniparser.py",
                   subject: DiagnosticSubject(location: SourceLocation(file: file, line: line)))
    }

    /// The start of a line for a message; nothing that may be a secret is shown: of an assignment
    /// only its key, of a section header its text, of any other line (a stray value, a continuation,
    /// a pasted password) nothing but its length.
    static func excerpt(_ text: String) -> String {
        let body = OsloText.strip(Substring(text))
        var shown: String
        if body.hasPrefix("[") { shown = body } else if let sep = text.firstIndex(where: { $0 == "=" || $0 == ":" }) {
            shown = String(text[...sep]) + " …"
        } else {
            return "(a line of \(body.count) characters, not shown: it may hold a secret)"
        }
        shown = SecretMasker().maskFreeText(shown)
        return "'" + (shown.count > 60 ? String(shown.prefix(60)) + "…" : shown) + "'"
    }
}
