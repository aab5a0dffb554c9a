import Foundation
import UpshiftModel
import UpshiftPlanning

/// Loads the inputs most commands share: inventory, pack, facts.
enum Inputs {
    struct LoadedInventory {
        var inventory: Inventory; var text: String; var path: String; var warnings: [Diagnostic]
        /// The platforms the hosts use (docs/platforms.md), as read.
        var loadedPlatforms: [LoadedPlatform] = []
        var ref: InputRef { InputHash.ref(name: inventory.name, text: text) }
        var platforms: PlatformSet { PlatformSet(loadedPlatforms.map(\.platform)) }
    }

    /// Reads and validates the inventory, with the platform files its `platforms:` names; every
    /// host's platform must be built in or defined there.
    static func inventory(_ path: String, pack: Pack) throws(CLIFailure) -> LoadedInventory {
        let text = try InputFiles.readText(path)
        let parsed: ParsedInventory
        do { parsed = try InventoryParser.parse(text: text, sourceName: path) } catch { throw CLIFailure.invalid(error) }
        let files = try PlatformLibrary.files(of: parsed.inventory, inventoryPath: path)
        let known = Set(PlatformLibrary.builtinNames + files.map(\.platform.name))
        let checked: (inventory: Inventory, warnings: [Diagnostic])
        do { checked = try InventoryLoader.check(parsed, validator: InventoryValidator(pack: pack, platforms: known)) }
        catch { throw CLIFailure.invalid(error) }
        return LoadedInventory(inventory: checked.inventory, text: text, path: path, warnings: checked.warnings,
                               loadedPlatforms: try PlatformLibrary.used(by: checked.inventory.hosts, files: files))
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

    /// `--option NAME=VALUE`: one of the pack's `plan_options` with one of its values; anything else is a
    /// usage error that lists the pack's options and their values.
    static func packOptions(_ given: [String], pack: Pack) throws(CLIFailure) -> [String: String] {
        let known = pack.planOptions.isEmpty ? "pack \(pack.name) declares no plan options"
            : "pack \(pack.name) offers: " + pack.planOptions.map { "\($0.name)=\($0.values.joined(separator: "|"))" }.joined(separator: ", ")
        var out: [String: String] = [:]
        for s in given {
            guard let eq = s.firstIndex(of: "=") else { throw CLIFailure("--option takes NAME=VALUE, got '\(s)' (\(known))", id: "cli.option", code: UpshiftExit.usage) }
            let name = String(s[..<eq]), value = String(s[s.index(after: eq)...])
            guard let o = pack.planOption(name) else {
                throw CLIFailure("unknown plan option '\(name)' (\(known))", id: "cli.option", code: UpshiftExit.usage)
            }
            guard o.values.contains(value) else {
                throw CLIFailure("plan option \(name) has no value '\(value)' (\(known))", id: "cli.option", code: UpshiftExit.usage)
            }
            out[name] = value
        }
        return out
    }
}
