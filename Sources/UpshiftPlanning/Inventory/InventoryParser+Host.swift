import UpshiftModel
import Yams

extension InventoryParser {
    /// Characters allowed in a host name: it appears in step ids (`nova/db-sync@ctl-01`) and reports.
    static let hostNameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

    /// Whether `name` can be an inventory host name (letters, digits, `.`, `_`, `-`; not starting with `-` or `.`).
    public static func isValidHostName(_ name: String) -> Bool {
        guard let first = name.first, first != "-", first != "." else { return false }
        // Byte-wise: every byte in the set ⇔ every Character in it (the set holds only ASCII).
        return name.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F || b == 0x2D
        }
    }

    /// Whether `address` can be an ssh destination: an IP address (v4, v6 with optional brackets
    /// and zone), a DNS name or an ssh config alias. Not starting with `-` (ssh would read an
    /// option), no shell syntax (`$(…)`, backquotes, `;`, spaces).
    public static func isValidAddress(_ address: String) -> Bool {
        guard let first = address.first, first != "-" else { return false }
        return address.allSatisfy { addressCharacters.contains($0) }
    }
    static let addressCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:_-%[]")

    /// Whether `user` can be an ssh login name (POSIX portable user names; not starting with `-`).
    public static func isValidUser(_ user: String) -> Bool {
        guard let first = user.first, first != "-" else { return false }
        return user.allSatisfy { hostNameCharacters.contains($0) }
    }

    /// Reads one entry of `hosts:`; nil (with diagnostics) when it lacks what a host needs.
    static func readHost(_ node: Node, index: Int, defaults: NodeReader.Fields?, _ reader: inout NodeReader) -> Host? {
        let what = "hosts[\(index)]"
        guard let mapping = reader.mapping(node, what: what) else { return nil }
        let map = reader.checkedFields(mapping, known: hostKeys, what: what)
        let name = reader.string("name", in: map, what: what)
        let label = name.map { "host '\($0)'" } ?? what
        var ok = true
        if name == nil {
            reader.error("inventory.missing-field", "\(what) has no name", at: node, fix: "add `name: <host name>`")
            ok = false
        } else if let name, !isValidHostName(name) {
            reader.error("inventory.invalid-host-name",
                         "host name '\(name)' may hold only letters, digits, '.', '_' and '-'", at: map["name"],
                         fix: "rename the host; the address or ssh alias goes in `address:`")
            ok = false
        }
        let address = reader.string("address", in: map, what: what)
        if address?.isEmpty ?? true {
            reader.error("inventory.missing-field", "\(label) has no address", at: node,
                         fix: "add `address:` (an IP address, a DNS name or an ssh config alias)")
            ok = false
        } else if let address, !isValidAddress(address) {
            reader.error("inventory.invalid-address",
                         "\(label) has an address that is not an IP address, DNS name or ssh alias (letters, digits, '.', ':', '_', '-', '%', '[', ']'; not starting with '-')",
                         at: map["address"], fix: "give the host's IP address or DNS name")
            ok = false
        }
        let platform = readPlatform(map, defaults: defaults, label: label, node: node, &reader)
        let release = reader.string("release", in: map, what: what) ?? reader.string("release", in: defaults, what: "defaults")
        if release == nil {
            reader.error("inventory.missing-field", "\(label) has no release", at: node,
                         fix: "add `release:` (the release the host runs now, the pack's from-release) to the host or to `defaults:`")
            ok = false
        }
        let givenRoles = reader.strings("roles", in: map, what: what)
        let roles = givenRoles ?? []
        // A roles value of the wrong type was already reported; only absence or `[]` is reported here.
        if roles.isEmpty, givenRoles != nil || map["roles"] == nil {
            reader.error("inventory.missing-field", "\(label) has no roles", at: map["roles"] ?? node,
                         fix: "add `roles: [...]` with the pack's roles the host has (`upshift pack show` lists them)")
        }
        let services = reader.strings("services", in: map, what: what)?.map(ServiceName.init)
        let group = reader.string("group", in: map, what: what)
        let user = reader.string("user", in: map, what: what) ?? reader.string("user", in: defaults, what: "defaults")
        if let user, !isValidUser(user) {
            reader.error("inventory.invalid-user", "\(label) has a user that is not a login name (letters, digits, '.', '_', '-'; not starting with '-')",
                         at: map["user"] ?? defaults?["user"], fix: "give the ssh login name, such as root")
            ok = false
        }
        guard ok, let name, let address, let platform, let release else { return nil }
        return Host(name: HostName(name), address: address, platform: platform, release: ReleaseName(release),
                    roles: roles.map(RoleName.init), services: services, group: group, user: user)
    }

    /// The host's platform: `platform: NAME` (a built-in or one the inventory's `platforms:` files
    /// define; checked by the validator), or `os:` (el6, el7, fedora), an alias of the built-in platform.
    /// The host's own key wins over `defaults:`.
    private static func readPlatform(_ map: NodeReader.Fields, defaults: NodeReader.Fields?, label: String, node: Node,
                                     _ reader: inout NodeReader) -> String? {
        for (fields, what) in [(map, label), (defaults, "defaults")] {
            let platform = reader.string("platform", in: fields, what: what), os = reader.string("os", in: fields, what: what)
            if platform != nil, os != nil {
                reader.error("inventory.platform-and-os", "\(what) gives both platform and os", at: fields?["os"],
                             fix: "keep `platform:` (os: el6 is the same as platform: el6)")
                return nil
            }
            if let platform {
                if platform.isEmpty { reader.error("inventory.invalid-value", "\(what) has an empty platform", at: fields?["platform"]); return nil }
                return platform
            }
            if let text = os {
                guard let os = BaseOS(rawValue: text.lowercased()) else {
                    reader.error("inventory.unknown-os", "\(label) has os '\(text)'; known: el6, el7, fedora",
                                 at: fields?["os"], fix: "for another platform write `platform: NAME` (docs/platforms.md)")
                    return nil
                }
                return os.rawValue
            }
        }
        reader.error("inventory.missing-field", "\(label) has no os", at: node,
                     fix: "add `os: el6` (el6, el7 or fedora) or `platform: NAME` (docs/platforms.md) to the host or to `defaults:`")
        return nil
    }
}
