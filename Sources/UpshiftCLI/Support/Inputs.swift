import Foundation
import UpshiftModel
import UpshiftPlanning

/// Loads the inputs most commands share: inventory, pack, facts.
enum Inputs {
    struct LoadedInventory { var inventory: Inventory; var text: String; var path: String; var warnings: [Diagnostic]
        var ref: InputRef { InputHash.ref(name: inventory.name, text: text) } }

    static func inventory(_ path: String, pack: Pack) throws(CLIFailure) -> LoadedInventory {
        let text = try InputFiles.readText(path)
        do {
            let (inv, warnings) = try InventoryLoader.load(text: text, sourceName: path, validator: InventoryValidator(pack: pack))
            return LoadedInventory(inventory: inv, text: text, path: path, warnings: warnings)
        } catch { throw CLIFailure.invalid(error) }
    }

    /// facts.json, version-checked and cross-checked against the inventory (FactsInput).
    static func facts(_ path: String?, inventory: Inventory) throws(CLIFailure) -> Facts? {
        try FactsInput.load(path, inventory: inventory)
    }

    /// Parses `NAME=VALUE` settings, refusing names the pack does not define.
    static func settings(_ given: [String], pack: Pack) throws(CLIFailure) -> [String: String] {
        var out: [String: String] = [:]
        for s in given {
            guard let eq = s.firstIndex(of: "=") else { throw CLIFailure("--set takes NAME=VALUE, got '\(s)'", id: "cli.set", code: UpshiftExit.usage) }
            let name = String(s[..<eq])
            guard pack.setting(name) != nil else {
                throw CLIFailure("unknown pack setting '\(name)' (known: \(pack.settings.map(\.name).joined(separator: ", ")))", id: "cli.set", code: UpshiftExit.usage)
            }
            out[name] = String(s[s.index(after: eq)...])
        }
        return out
    }
}
