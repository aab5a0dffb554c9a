import UpshiftModel
import Yams

/// Reads the inventory YAML format (docs/inventory.md) into an `Inventory`.
///
/// Pure: text in, inventory and diagnostics out. Reading is lenient so that one run reports every
/// problem: a host with a missing field is reported and left out, the rest is still read.
/// Checks that need the pack (roles, services) are `InventoryValidator`'s.
public enum InventoryParser {
    static let topKeys: Set = ["format_version", "name", "settings", "defaults", "hosts", "secrets", "platforms", "hooks", "ssh"]
    static let hostKeys: Set = ["name", "address", "os", "platform", "release", "roles", "services", "group", "user"]
    static let defaultsKeys: Set = ["os", "platform", "release", "user"]

    /// Parses `text`. Throws only when the text is not YAML or not a mapping at all.
    public static func parse(text: String, sourceName: String) throws(InputError) -> ParsedInventory {
        let document = try YAMLDocument(text: text, sourceName: sourceName)
        var reader = NodeReader(file: sourceName)
        let root = try reader.topMapping(document, known: topKeys, what: "the inventory", id: "inventory.wrong-type",
                                         summary: "an inventory must be a mapping with format_version, name and hosts")
        let version = formatVersion(root, &reader)
        let name = reader.string("name", in: root, what: "the inventory") ?? "cloud"
        let settings = readSettings(root, &reader)
        let defaults = reader.mapping(root["defaults"], what: "defaults")
        if let defaults { reader.checkKeys(defaults, known: defaultsKeys, what: "defaults") }
        var secrets: SecretSource?
        if let s = reader.mapping(root["secrets"], what: "secrets") {
            reader.checkKeys(s, known: ["answer_file"], what: "secrets")
            secrets = SecretSource(answerFile: reader.string("answer_file", in: s, what: "secrets"))
        }
        let platforms = reader.strings("platforms", in: root, what: "the inventory")
        var ssh: SSHSettings?
        if let s = reader.mapping(root["ssh"], what: "ssh") {
            reader.checkKeys(s, known: ["config"], what: "ssh")
            ssh = SSHSettings(config: reader.string("config", in: s, what: "ssh"))
        }
        var hosts: [Host] = [], source: [Int] = []
        if let node = root["hosts"], node.null == nil {
            if let seq = node.sequence {
                let defaultFields = NodeReader.fields(defaults)
                for (i, item) in seq.enumerated() {
                    if let h = readHost(item, index: i, defaults: defaultFields, &reader) { hosts.append(h); source.append(i) }
                }
            } else {
                reader.error("inventory.wrong-type", "hosts must be a list of hosts", at: node)
            }
        }
        var inventory = Inventory(formatVersion: version, name: name, settings: settings, hosts: hosts, secrets: secrets)
        inventory.platformFiles = platforms
        inventory.ssh = ssh
        inventory.hooks = readHooks(root["hooks"], hosts: hosts, &reader)
        return ParsedInventory(inventory: inventory, diagnostics: reader.diagnostics, sourceName: sourceName,
                               document: document, hostSource: source)
    }

    private static func formatVersion(_ root: Node.Mapping, _ reader: inout NodeReader) -> Int {
        guard let node = root["format_version"] else {
            reader.error("inventory.missing-field", "the inventory lacks format_version", at: root.first?.key,
                         fix: "add `format_version: \(Inventory.currentFormatVersion)` at the top")
            return Inventory.currentFormatVersion
        }
        guard let v = node.int, v == Inventory.currentFormatVersion else {
            reader.error("inventory.unsupported-format-version",
                         "format_version \(node.string ?? "?") is not supported (this upshift reads \(Inventory.currentFormatVersion))",
                         at: node, fix: "write the inventory in format_version \(Inventory.currentFormatVersion) (docs/inventory.md)")
            return node.int ?? -1
        }
        return v
    }

    private static func readSettings(_ root: Node.Mapping, _ reader: inout NodeReader) -> CloudSettings {
        var settings = CloudSettings(services: [])
        guard let map = reader.mapping(root["settings"], what: "settings") else { return settings }
        // Keys besides virt_type and services are the pack's cloud settings: InventoryValidator checks them.
        for (k, _) in map {
            guard let name = k.string, !CloudSettings.ownKeys.contains(name) else { continue }
            if let v = reader.string(name, in: map, what: "settings") { settings.values[name] = v }
        }
        if let v = reader.string("virt_type", in: map, what: "settings") { settings.virtType = v }
        settings.services = (reader.strings("services", in: map, what: "settings") ?? []).map(ServiceName.init)
        return settings
    }
}
