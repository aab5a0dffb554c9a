/// How a physical line of a config file ends. Kept per line so that a file is written back with
/// exactly the line endings it was read with (CRLF files stay CRLF, a missing final newline stays missing).
public enum LineEnding: String, Sendable, Hashable {
    case lf = "\n"
    case crlf = "\r\n"
    /// The last line of a file that does not end with a newline.
    case none = ""
}

/// One physical line of a config file: its text without the line ending, and the ending.
public struct ConfigLine: Sendable, Hashable {
    public var text: String
    public var ending: LineEnding
    public init(text: String, ending: LineEnding) { self.text = text; self.ending = ending }
    /// The exact bytes of the line as they appear in the file.
    public var rendered: String { text + ending.rawValue }
}

/// What oslo.config's iniparser sees in one physical line, classified without context.
///
/// Mirrors `oslo_config.iniparser.BaseParser.parse`: the line is right-stripped; an empty line is
/// blank; a line starting with a space or tab is a continuation (even when it looks like a comment);
/// `[` starts a section whose name is everything between the brackets, unstripped; `#` and `;` start
/// comments; anything else must split at the first `=` or `:` (whichever comes first).
enum LineKind: Sendable, Hashable {
    case blank
    case comment
    case section(String)
    /// `key` and `value` are stripped; one pair of matching outer quotes is removed from `value`.
    case assignment(key: String, value: String)
    /// The text of the continuation line, stripped on both sides.
    case continuation(String)
    case invalid(String)

    /// Classifies one line of text (without its line ending).
    static func classify(_ raw: String) -> LineKind {
        let line = OsloText.rstrip(raw)
        guard let first = line.first else { return .blank }
        if first == " " || first == "\t" { return .continuation(OsloText.strip(line)) }
        if first == "[" {
            guard line.last == "]" else { return .invalid("Invalid section (must end with ])") }
            guard line.count > 2 else { return .invalid("Empty section name") }
            return .section(String(line.dropFirst().dropLast()))
        }
        if first == "#" || first == ";" { return .comment }
        guard let (key, value) = OsloText.splitKeyValue(line) else {
            return .invalid("No ':' or '=' found in assignment")
        }
        if key.isEmpty { return .invalid("Key cannot be empty") }
        return .assignment(key: key, value: value)
    }
}

/// String helpers with Python's `str.strip` semantics, as oslo.config uses them.
enum OsloText {
    static func isSpace(_ c: Character) -> Bool { c.isWhitespace }

    static func rstrip(_ s: some StringProtocol) -> Substring {
        var end = s.endIndex
        while end > s.startIndex, isSpace(s[s.index(before: end)]) { end = s.index(before: end) }
        return Substring(s[s.startIndex..<end])
    }

    static func strip(_ s: some StringProtocol) -> String {
        String(rstrip(s).drop(while: isSpace))
    }

    /// `_split_key_value`: splits at the first `=` or `:`, strips both parts, removes matching quotes.
    static func splitKeyValue(_ line: Substring) -> (String, String)? {
        guard let sep = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = strip(line[..<sep])
        return (key, unquote(strip(line[line.index(after: sep)...])))
    }

    /// Removes one pair of outer quotes when the value starts and ends with the same quote character.
    static func unquote(_ value: String) -> String {
        guard let f = value.first, let l = value.last, f == l, f == "\"" || f == "'" else { return value }
        return value.count >= 2 ? String(value.dropFirst().dropLast()) : ""
    }

    /// oslo.config's group-name normalisation: `DEFAULT` stays, every other name is lower-cased.
    static func normalizeSection(_ name: String) -> String { name == "DEFAULT" ? name : name.lowercased() }
}
