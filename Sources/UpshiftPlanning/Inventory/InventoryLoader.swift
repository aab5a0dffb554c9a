import UpshiftModel

/// Reads and validates an inventory in one call: what `inventory validate`, `plan` and `check` use.
public enum InventoryLoader {
    /// Parses `text` and validates it against `validator`. Throws `InputError` carrying every
    /// problem (errors and warnings) when any is an error; otherwise returns the inventory with
    /// its enabled services resolved (see `InventoryValidator.enabledServices`) and the warnings.
    public static func load(text: String, sourceName: String,
                            validator: InventoryValidator) throws(InputError) -> (inventory: Inventory, warnings: [Diagnostic]) {
        let parsed = try InventoryParser.parse(text: text, sourceName: sourceName)
        return try check(parsed, validator: validator)
    }

    /// Validates an already parsed (or imported) inventory; same contract as `load`.
    public static func check(_ parsed: ParsedInventory,
                             validator: InventoryValidator) throws(InputError) -> (inventory: Inventory, warnings: [Diagnostic]) {
        let all = parsed.diagnostics + validator.validate(parsed)
        if all.hasErrors { throw InputError(all) }
        var inventory = parsed.inventory
        inventory.settings.services = validator.enabledServices(of: inventory)
        return (inventory, all)
    }
}
