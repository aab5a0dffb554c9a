/// The address of an oslo.config option: section and key. Written `section/key` in packs and
/// plans (`DEFAULT/libvirt_type`, `libvirt/virt_type`). Section names are kept as written;
/// `DEFAULT` is the default section.
public struct OptionRef: Codable, Sendable, Hashable, CustomStringConvertible, Comparable {
    public var section: String
    public var key: String
    public init(section: String, key: String) { self.section = section; self.key = key }

    /// Parses `section/key`; nil when either part is empty or the slash is missing.
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let s = String(text[..<slash]), k = String(text[text.index(after: slash)...])
        guard !s.isEmpty, !k.isEmpty, !k.contains("/") else { return nil }
        section = s; key = k
    }
    public var description: String { "\(section)/\(key)" }
    public static func < (a: OptionRef, b: OptionRef) -> Bool { a.description < b.description }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let r = OptionRef(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not an option address of the form section/key")
        }
        self = r
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(description)
    }
}

/// An option and a value to give it. Values may hold placeholders resolved at apply time:
/// `{{secret:NAME}}` (never written to plans, logs or the journal) and `{{var:NAME}}` (from a lookup step).
public struct OptionValue: Codable, Sendable, Hashable {
    public var option: OptionRef
    public var value: String
    public init(option: OptionRef, value: String) { self.option = option; self.value = value }
}

/// What a config change does.
public enum ConfigChangeKind: String, Codable, Sendable, Hashable {
    /// Move/rename `option` to `to`. With `deprecated: true` the old name still works in the target
    /// release, so the rewrite happens only when the operator asks (`--rewrite-deprecated`).
    case rename
    /// The target release dropped `option`: comment it out with a note, never delete silently.
    case remove
    /// A new required option: set `option` to `value` (only on hosts/roles the file applies to).
    case set
    /// Rewrite the value of `option` through `values` (old → new); unknown values are left alone.
    case rewrite
    /// Report only (lint); never edited.
    case warn
}

public struct ConfigChange: Codable, Sendable, Hashable {
    public var kind: ConfigChangeKind
    public var option: OptionRef
    public var to: OptionRef?
    public var value: String?
    public var values: [String: String]?
    public var deprecated: Bool
    public var note: String?
    public var source: String?
    /// The change applies only to a file where this holds (the value decides, e.g. a stock driver).
    public var when: OptionMatch?

    public init(kind: ConfigChangeKind, option: OptionRef, to: OptionRef? = nil, value: String? = nil,
                values: [String: String]? = nil, deprecated: Bool = false, note: String? = nil, source: String? = nil,
                when: OptionMatch? = nil) {
        self.kind = kind; self.option = option; self.to = to; self.value = value; self.values = values
        self.deprecated = deprecated; self.note = note; self.source = source; self.when = when
    }
    enum CodingKeys: String, CodingKey { case kind, option, to, value, values, deprecated, note, source, when }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(ConfigChangeKind.self, forKey: .kind)
        option = try c.decode(OptionRef.self, forKey: .option)
        to = try c.decodeIfPresent(OptionRef.self, forKey: .to)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        values = try c.decodeIfPresent([String: String].self, forKey: .values)
        deprecated = try c.decodeIfPresent(Bool.self, forKey: .deprecated) ?? false
        note = try c.decodeIfPresent(String.self, forKey: .note)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        when = try c.decodeIfPresent(OptionMatch.self, forKey: .when)
    }
}

/// A condition on one option of the same file: its value is (`in`) or is not (`not_in`) one of these,
/// compared case-insensitively. An absent option matches only `not_in`.
public struct OptionMatch: Codable, Sendable, Hashable {
    public var option: OptionRef
    public var `in`: [String]?
    public var notIn: [String]?
    enum CodingKeys: String, CodingKey { case option, `in`, notIn = "not_in" }
    public init(option: OptionRef, in values: [String]? = nil, notIn: [String]? = nil) {
        self.option = option; self.in = values; self.notIn = notIn
    }
    /// Whether it holds for `value` (nil: the option is not set).
    public func holds(_ value: String?) -> Bool {
        let v = value?.lowercased()
        if let allowed = `in` { guard let v, allowed.contains(where: { $0.lowercased() == v }) else { return false } }
        if let denied = notIn, let v, denied.contains(where: { $0.lowercased() == v }) { return false }
        return true
    }
}

/// The changes one config file of a service needs.
public struct ConfigFileSpec: Codable, Sendable, Hashable {
    /// Absolute path on the host (`/etc/nova/nova.conf`).
    public var file: String
    /// Roles whose hosts carry this file; empty means every host running the service.
    public var roles: [RoleName]
    public var changes: [ConfigChange]
    enum CodingKeys: String, CodingKey { case file, roles, changes }
    public init(file: String, roles: [RoleName] = [], changes: [ConfigChange]) {
        self.file = file; self.roles = roles; self.changes = changes
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        roles = try c.decodeIfPresent([RoleName].self, forKey: .roles) ?? []
        changes = try c.decodeIfPresent([ConfigChange].self, forKey: .changes) ?? []
    }
}

/// Where a host's name in the scheduler comes from (`nova service-list`, `service-disable`): `option`
/// in `file` when set, else the host's own hostname. Discovery reads both into the facts; the plan
/// uses that name, never the inventory's label.
public struct ServiceHostSpec: Codable, Sendable, Hashable {
    public var file: String
    public var option: OptionRef
    public var source: String?
}
