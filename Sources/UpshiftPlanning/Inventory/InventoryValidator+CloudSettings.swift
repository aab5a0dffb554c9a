import UpshiftModel

extension InventoryValidator {
    /// `settings:` keys besides virt_type and services are the pack's cloud settings: a key the pack does
    /// not declare is ignored with a warning, a value outside the declared ones is an error at its line.
    func checkCloudSettings(_ parsed: ParsedInventory, _ out: inout DiagnosticList) {
        guard let declared = cloudSettings else { return }
        let known = declared.map { "\($0.name) (\($0.values.joined(separator: ", ")))" }.joined(separator: "; ")
        for (name, value) in parsed.inventory.settings.values.sorted(by: { $0.key < $1.key }) {
            let at = parsed.location([.key("settings"), .key(name)])
            guard let c = declared.first(where: { $0.name == name }) else {
                out.add(.warning, "inventory.unknown-key", "settings has an unknown key '\(name)' (ignored)", at: at,
                        fix: "known keys: " + (CloudSettings.ownKeys.sorted() + declared.map(\.name)).sorted().joined(separator: ", "))
                continue
            }
            if !c.values.contains(value) {
                out.error("inventory.invalid-value", "settings.\(name) '\(value)' is not one the pack knows (\(c.values.joined(separator: ", ")))", at: at,
                          fix: known.isEmpty ? nil : "the pack's cloud settings: \(known)")
            }
        }
    }
}
