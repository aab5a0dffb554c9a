import UpshiftModel

/// Masks secrets in config lines before they reach a diff, a report or a terminal.
///
/// A value is secret when its key contains `password`, `connection`, `_pw`, `secret` or `token`
/// (so `sql_connection`, `admin_password`, `rabbit_password`, `admin_token` …), in a live or a
/// commented-out assignment. Independently, the password part of any `scheme://user:password@host`
/// URL is masked, and every literal in `extraSecrets` (values resolved from `{{secret:NAME}}`).
public struct SecretMasker: Sendable, Hashable {
    /// What a masked value is replaced with.
    public static let mask = "****"
    static let secretKeyParts = ["password", "passwd", "connection", "_pw", "secret", "token"]
    /// Literal strings that must never be shown (resolved secrets).
    public var extraSecrets: Set<String>

    public init(extraSecrets: Set<String> = []) { self.extraSecrets = extraSecrets.filter { !$0.isEmpty } }

    /// Whether values of an option with this key are secret.
    public static func isSecret(key: String) -> Bool {
        let k = key.lowercased()
        return secretKeyParts.contains { k.contains($0) }
    }

    /// Whether this value of an option with this key is secret: a secret key, or a key with a word
    /// naming a key or pass (`auth_encryption_key`, `super_admin_key`, `ssl_key_pass`) holding
    /// anything but a switch (`libvirt_inject_key = true` is a setting, not a key).
    public static func isSecret(key: String, value: String) -> Bool {
        if isSecret(key: key) { return true }
        let words = key.lowercased().split { $0 == "_" || $0 == "-" || $0 == "." }
        guard words.contains(where: { secretKeyWords.contains(String($0)) }) else { return false }
        return !["", "true", "false", "yes", "no", "on", "off", "0", "1", "none"].contains(value.lowercased())
    }
    static let secretKeyWords: Set<String> = ["key", "pass", "pw", "passphrase", "credential", "credentials"]

    /// A value as it may be shown for an option with this key.
    public func maskValue(_ value: String, key: String) -> String {
        if Self.isSecret(key: key, value: value), !value.isEmpty { return Self.mask }
        return maskFreeText(value)
    }

    /// One config line as it may be shown: assignment values of secret keys masked (also when the
    /// assignment is commented out), then URL passwords and literal secrets.
    public func maskLine(_ line: String) -> String {
        let body = line.drop { $0 == "#" || $0 == ";" || $0 == " " || $0 == "\t" }
        if let sep = body.firstIndex(where: { $0 == "=" || $0 == ":" }) {
            let key = OsloText.strip(body[..<sep])
            let rest = body[body.index(after: sep)...]
            if !key.isEmpty, !key.contains(" "), Self.isSecret(key: key, value: OsloText.unquote(OsloText.strip(rest))) {
                if !OsloText.strip(rest).isEmpty {
                    let prefixEnd = rest.firstIndex { $0 != " " && $0 != "\t" } ?? rest.endIndex
                    return String(line[..<prefixEnd]) + Self.mask
                }
            }
        }
        return maskFreeText(line)
    }

    /// Masks URL passwords (`://user:password@`) and literal secrets in any text.
    public func maskFreeText(_ text: String) -> String {
        var out = Self.maskURLPasswords(text)
        for secret in extraSecrets.sorted(by: { $0.count > $1.count }) where out.contains(secret) {
            out = out.replacing(secret, with: Self.mask)
        }
        return out
    }

    /// Replaces the password in every `scheme://user:password@` with the mask (a password with `/` too).
    static func maskURLPasswords(_ text: String) -> String { URLCredentials.mask(text, with: mask) }
}
