import Foundation
import UpshiftModel

/// Secrets a run needs (`{{secret:NAME}}`), resolved at apply time and used only on the config
/// editor's stdin; `redact` removes them (and secret-looking values) from anything recorded or shown.
///
/// A name is looked up in this order: `UPSHIFT_SECRET_<NAME>` in the environment, then `NAME`,
/// then `CONFIG_NAME`, in the Packstack answer file named by the inventory.
public struct SecretStore: Sendable {
    private let environment: [String: String]
    private let answers: [String: String]

    /// `answerFile` is the text of the Packstack answer file (`KEY=VALUE` lines), if any.
    public init(environment: [String: String], answerFile: String? = nil) {
        self.environment = environment
        var answers: [String: String] = [:]
        for line in (answerFile ?? "").split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.hasPrefix("#"), let eq = t.firstIndex(of: "=") else { continue }
            answers[String(t[..<eq]).trimmingCharacters(in: .whitespaces)] = String(t[t.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        }
        self.answers = answers
    }

    /// The value of a secret, or `nil` when no source has it.
    public func value(of name: String) -> String? {
        environment["UPSHIFT_SECRET_\(name.uppercased())"] ?? answers[name] ?? answers["CONFIG_\(name)"]
    }

    /// Replaces every `{{secret:NAME}}` in `text`; throws naming the first secret that cannot be found.
    public func resolve(_ text: String) throws(SecretError) -> String {
        var out = text
        while let open = out.range(of: "{{secret:"), let close = out.range(of: "}}", range: open.upperBound..<out.endIndex) {
            let name = String(out[open.upperBound..<close.lowerBound])
            guard let value = value(of: name) else { throw SecretError(name: name) }
            out.replaceSubrange(open.lowerBound..<close.upperBound, with: value)
        }
        return out
    }

    /// The `{{secret:NAME}}` placeholders the config steps of `plan` write that no source provides,
    /// each with the first step and option needing it: checked before the first step runs.
    public func missing(for plan: Plan, pack: Pack) -> [MissingSecret] {
        var out: [MissingSecret] = []
        for step in plan.steps {
            for (option, written) in RemoteConfigEditor.values(writtenBy: step, pack: pack) {
                for name in Self.secretNames(in: written) where value(of: name) == nil && !out.contains(where: { $0.name == name }) {
                    out.append(MissingSecret(name: name, step: step.id, option: option))
                }
            }
        }
        return out
    }

    /// The NAMEs of the `{{secret:NAME}}` placeholders in `text`.
    static func secretNames(in text: String) -> [String] {
        var names: [String] = [], rest = Substring(text)
        while let open = rest.range(of: "{{secret:"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            names.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// Every secret value this store knows (for redaction).
    var knownValues: [String] {
        (Array(environment.filter { $0.key.hasPrefix("UPSHIFT_SECRET_") }.values)
            + answers.filter { Self.looksSecret($0.key) }.map(\.value)).filter { $0.count >= 4 }
    }

    /// Whether an answer-file key names a secret: one of its `_`-separated words is PW, PASSWORD,
    /// SECRET, TOKEN or KEY (`CONFIG_NOVA_KS_PW`; not `CONFIG_KEYSTONE_HOST`).
    static func looksSecret(_ key: String) -> Bool {
        let words = Set(key.uppercased().split(separator: "_").map(String.init))
        return !words.isDisjoint(with: ["PW", "PASS", "PASSWD", "PASSWORD", "SECRET", "TOKEN", "KEY"])
    }

    /// `text` with known secret values, `password = ...`-style values and URL credentials replaced by `***`.
    public func redact(_ text: String) -> String {
        var out = text
        for value in knownValues.sorted(by: { $0.count > $1.count }) { out = out.replacingOccurrences(of: value, with: "***") }
        return SecretPatterns.mask(Redaction.scrub(out))
    }
}

/// A secret a plan needs that no source provides (its name is not secret; its value is unknown).
public struct MissingSecret: Sendable, Hashable {
    public var name: String
    /// The first step that writes it, and the option it goes into.
    public var step: StepID
    public var option: OptionRef
    /// Where an operator can give it.
    public var fix: String {
        "export UPSHIFT_SECRET_\(name.uppercased()), or name a Packstack answer file holding \(name) in the inventory (secrets.answer_file)"
    }
}

/// A `{{secret:NAME}}` that no source provides.
public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var description: String {
        "secret \(name) is not set: export UPSHIFT_SECRET_\(name.uppercased()) or name a Packstack answer file in the inventory (secrets.answer_file)"
    }
}

/// Pattern-based masking for text that may hold secrets nobody declared (URL credentials are
/// scrubbed by `Redaction.scrub`).
public enum SecretPatterns {
    /// Masks `password=...`/`admin_token: ...` values and `scheme://user:password@` credentials.
    public static func mask(_ text: String) -> String {
        var out = text
        let rules: [(String, String)] = [
            // Not inside a placeholder: `{{secret:NAME}}` names a secret, it holds no value.
            (#"(?i)(?<![{A-Za-z_])([A-Za-z_]*(password|passwd|secret|token|_pw)[A-Za-z_]*\s*[=:]\s*)(?!\{\{)[^\s,;'"]+"#, "$1***"),
            (#"(?i)(--os-password\s+|OS_PASSWORD=)[^\s;'"]+"#, "$1***"),
            (#"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]+:)[^@\s]+@"#, "$1***@"),
        ]
        for (pattern, template) in rules {
            guard let re = try? NSRegularExpression(pattern: pattern) else { continue }
            out = re.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }
}
