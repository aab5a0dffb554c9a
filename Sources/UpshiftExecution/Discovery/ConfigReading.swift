import UpshiftModel

/// Reads the options discovery keeps from an oslo.config INI file, and decides what is secret.
///
/// Read-only and lenient: sections `[name]` (kept as written), `key = value` lines, `#`/`;`
/// comments; for a repeated key the last value wins. The lossless editor (UpshiftConfigEditor) is
/// for edits; discovery only needs values.
public enum ConfigReading {
    /// `section/key` → value for the options in `wanted` (all options when nil), secret ones left out.
    public static func values(in text: String, wanted: Set<String>? = nil) -> [String: String] {
        var section = "DEFAULT"
        var out: [String: String] = [:]
        for raw in text.scalarLines() {
            let line = raw.stripping([" ", "\t", "\r"])
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") { section = String(line.dropFirst().dropLast()); continue }
            guard raw.first != " ", raw.first != "\t", let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].stripping([" ", "\t"])
            let value = line[line.index(after: eq)...].stripping([" ", "\t"])
            let ref = "\(section)/\(key)"
            guard wanted?.contains(ref) ?? true, !looksSecret(key: key, value: value) else { continue }
            out[ref] = value
        }
        return out
    }

    /// Whether an option must never be collected: its name says password, secret, token,
    /// credential or connection (database URLs carry passwords), or its value holds a URL with
    /// a password (`mysql://nova:pw@db/nova`).
    public static func looksSecret(key: String, value: String) -> Bool {
        let k = key.lowercased()
        let words = ["password", "passwd", "secret", "token", "credential", "connection", "_pw", "private_key", "key_pass"]
        if words.contains(where: { k.contains($0) }) { return true }
        // auth_encryption_key, super_admin_key: a key word with a value that is not a switch.
        if k.split(separator: "_").contains(where: { ["key", "pass", "pw"].contains(String($0)) }),
           !["", "true", "false", "yes", "no", "on", "off", "0", "1", "none"].contains(value.lowercased()) { return true }
        return Redaction.containsCredentialURL(value)
    }
}

/// Removes credentials from text that came from a host before it reaches a report or an error.
public enum Redaction {
    /// Whether `text` holds `scheme://user:password@`.
    public static func containsCredentialURL(_ text: String) -> Bool { scrub(text) != text }

    /// `mysql://nova:secret@db/nova` → `mysql://nova:***@db/nova`, everywhere in `text` (a password
    /// holding `/` too).
    public static func scrub(_ text: String) -> String { URLCredentials.mask(text, with: "***") }

    /// The first non-empty line of remote output, scrubbed and cut to `limit` characters, for messages.
    public static func summary(_ text: String, limit: Int = 200) -> String {
        let line = text.scalarLines(omittingEmpty: true).map { $0.stripping([" ", "\t", "\r"]) }.first { !$0.isEmpty } ?? ""
        let clean = scrub(line)
        return clean.count > limit ? String(clean.prefix(limit)) + "…" : clean
    }
}

extension StringProtocol {
    func stripping(_ set: Set<Character>) -> String {
        guard let s = firstIndex(where: { !set.contains($0) }), let e = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[s...e])
    }
}
