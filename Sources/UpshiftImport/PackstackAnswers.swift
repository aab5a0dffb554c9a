import UpshiftModel
import UpshiftPlanning

/// A Packstack answer file (`[general]` + `CONFIG_*=value` lines) with its secrets left out.
///
/// Invariant: an instance never holds the value of a secret key (`isSecret`), so no description,
/// diagnostic or inventory built from it can leak one. Secrets are read on demand, at apply time,
/// with `secret(named:in:)`. Diagnostics never quote a line's text, only its number.
public struct PackstackAnswers: Sendable {
    /// A non-secret value and the 1-based line it was read from.
    public struct Entry: Sendable, Hashable {
        public var value: String
        public var line: Int
    }
    public let sourceName: String
    /// Non-secret keys; for a repeated key the last value wins (as Python's ConfigParser does).
    public private(set) var entries: [String: Entry] = [:]
    /// Secret keys that are present (names only).
    public private(set) var secretKeys: Set<String> = []
    public private(set) var diagnostics: [Diagnostic] = []

    /// Reads `text`; lines that are not comments, sections or `KEY=value` get a warning with their line.
    public init(text: String, sourceName: String) {
        self.sourceName = sourceName
        for (n, key, value) in Self.lines(text) {
            guard let key else {
                diagnostics.append(Diagnostic(id: "packstack.unreadable-line", severity: .warning,
                    summary: "line \(n) is neither a comment, a section nor KEY=value (ignored)",
                    subject: .init(location: .init(file: sourceName, line: n))))
                continue
            }
            if Self.isSecret(key: key) { secretKeys.insert(key) } else { entries[key] = Entry(value: value, line: n) }
        }
    }

    /// The trimmed value of a non-secret key; nil when absent.
    public func value(_ key: String) -> String? { entries[key]?.value }

    /// The value of a key holding a comma-separated list, without empty items.
    public func list(_ key: String) -> [String] {
        (value(key) ?? "").split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// Whether a `CONFIG_*_INSTALL` flag says yes; an absent flag counts as `y` (Packstack's usual default).
    public func installs(_ flag: String) -> Bool { (value(flag) ?? "y").lowercased() != "n" }

    /// The location of a key's line, or of the file when the key is absent.
    public func location(_ key: String) -> SourceLocation {
        SourceLocation(file: sourceName, line: entries[key]?.line)
    }

    /// Keys Packstack masks on input (`mask_input`, shared/data/packstack/packstack-config-keys.tsv).
    static let maskedKeys: Set = [
        "CONFIG_CEILOMETER_SECRET", "CONFIG_HEAT_AUTH_ENC_KEY", "CONFIG_KEYSTONE_ADMIN_TOKEN", "CONFIG_RH_PROXY",
        "CONFIG_RH_PROXY_USER", "CONFIG_SATELLITE_AKEY", "CONFIG_SATELLITE_CACERT", "CONFIG_SATELLITE_FLAGS",
        "CONFIG_SATELLITE_PROFILE", "CONFIG_SATELLITE_PROXY", "CONFIG_SATELLITE_PROXY_USER", "CONFIG_SWIFT_HASH",
    ]

    /// Whether a key holds a secret: every masked key, and any key that looks like a password,
    /// token, secret, hash or key (`*_PW`, `*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*_KEY`, `*_HASH`).
    public static func isSecret(key: String) -> Bool {
        let k = key.uppercased()
        if maskedKeys.contains(k) { return true }
        return k.hasSuffix("_PW") || k.contains("PASSWORD") || k.contains("SECRET") || k.contains("TOKEN")
            || k.hasSuffix("_KEY") || k.hasSuffix("_HASH") || k.hasSuffix("AKEY") || k.contains("_PW_")
    }

    /// The value of one key, secret or not (`CONFIG_NOVA_KS_PW` or just `NOVA_KS_PW`), read from
    /// answer-file text at apply time; nil when absent. The caller must keep it out of every output.
    public static func secret(named name: String, in text: String) -> String? {
        let key = name.uppercased().hasPrefix("CONFIG_") ? name : "CONFIG_" + name
        var found: String?
        for (_, k, value) in lines(text) where k == key { found = value }
        return found
    }

    /// (line number, key, value) per line; key nil for an unreadable line; comments and sections skipped.
    static func lines(_ text: String) -> [(Int, String?, String)] {
        var out: [(Int, String?, String)] = []
        for (i, raw) in text.scalarLines().enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || (line.hasPrefix("[") && line.hasSuffix("]")) { continue }
            guard let eq = line.firstIndex(of: "=") else { out.append((i + 1, nil, "")); continue }
            let key = String(line[..<eq]).trimmingSpaces
            guard !key.isEmpty, !key.contains(" ") else { out.append((i + 1, nil, "")); continue }
            out.append((i + 1, key, String(line[line.index(after: eq)...]).trimmingSpaces))
        }
        return out
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    var trimmingSpaces: String {
        let ws: Set<Character> = [" ", "\t", "\r"]
        guard let start = firstIndex(where: { !ws.contains($0) }), let end = lastIndex(where: { !ws.contains($0) }) else { return "" }
        return String(self[start...end])
    }
}
