import UpshiftModel

extension InventoryValidator {
    /// A validator that also checks every host's platform against `platforms`.
    public init(pack: Pack, platforms: Set<String>) {
        self.init(pack: pack)
        knownPlatforms = platforms
    }

    /// `inventory.unknown-platform`: the host names a platform neither built in nor in the inventory's
    /// `platforms:` files.
    func checkPlatform(_ host: Host, index i: Int, _ parsed: ParsedInventory, _ out: inout DiagnosticList) {
        guard let known = knownPlatforms, !known.contains(host.platform) else { return }
        var at = parsed.location(host: i, [.key("platform")])
        if at.line == parsed.location(host: i).line { at = parsed.location([.key("defaults"), .key("platform")]) }
        out.error("inventory.unknown-platform", "host '\(host.name)' names platform '\(host.platform)'; known: \(known.sorted().joined(separator: ", "))",
                  at: at, hosts: [host.name],
                  fix: "name a built-in platform, or list the file that defines it under `platforms:` (docs/platforms.md)")
    }
}
