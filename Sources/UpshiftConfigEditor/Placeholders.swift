/// A `{{kind:NAME}}` placeholder in a pack value: `{{secret:NAME}}` (resolved at apply time, never
/// shown), `{{var:NAME}}` (a run variable from a lookup step), `{{host:DAEMON}}` and others.
public struct Placeholder: Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var name: String
    public init(kind: String, name: String) { self.kind = kind; self.name = name }
    public var description: String { "{{\(kind):\(name)}}" }
    /// Whether the resolved value is a secret that must be masked wherever it could be shown.
    public var isSecret: Bool { kind == "secret" }
}

/// Resolves a placeholder to its value, or nil when it cannot be resolved.
public typealias PlaceholderResolver = @Sendable (Placeholder) -> String?

/// Substitution of placeholders in values.
public enum Placeholders {
    /// The value with every placeholder replaced, and the resolved secret values (to be masked).
    /// Throws naming the option and the placeholder (never a value) when one cannot be resolved.
    public static func substitute(_ value: String, for option: String,
                                  resolver: PlaceholderResolver?) throws(ConfigEditError) -> (value: String, secrets: Set<String>) {
        var out = "", secrets = Set<String>(), rest = Substring(value)
        while let open = rest.firstRange(of: "{{") {
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else { break }
            let body = rest[open.upperBound..<close.lowerBound]
            guard let colon = body.firstIndex(of: ":") else {
                out += rest[..<close.upperBound]; rest = rest[close.upperBound...]; continue
            }
            let p = Placeholder(kind: String(body[..<colon]), name: String(body[body.index(after: colon)...]))
            guard let resolved = resolver?(p) else {
                // Placeholder first, no `option: ` shape: a redactor must not take the words after an
                // option named *_password for its value.
                throw ConfigEditError("cannot resolve \(p) for \(option)" + (p.isSecret
                    ? " (give it in the Packstack answer file or as UPSHIFT_SECRET_\(p.name))" : ""))
            }
            if p.isSecret { secrets.insert(resolved) }
            out += rest[..<open.lowerBound] + resolved
            rest = rest[close.upperBound...]
        }
        return (out + rest, secrets)
    }
}

