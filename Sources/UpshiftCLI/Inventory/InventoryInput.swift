import Foundation
import UpshiftModel
import UpshiftPlanning

/// Reading an inventory file for any command (`inventory validate`, `plan`, `check`, `discover`,
/// `probe`): parse, validate against the pack, print warnings, fail with exit 65 on errors.
public enum InventoryInput {
    /// The validated inventory at `path` (warnings go to stderr); `CLIFailure` with every problem otherwise.
    public static func load(_ path: String, pack: Pack) throws(CLIFailure) -> Inventory {
        try loadWithPlatforms(path, pack: pack).inventory
    }

    /// The same, with the platforms its hosts use (docs/platforms.md).
    static func loadWithPlatforms(_ path: String, pack: Pack) throws(CLIFailure) -> Inputs.LoadedInventory {
        let loaded = try Inputs.inventory(path, pack: pack)
        Console.report(loaded.warnings)
        return loaded
    }

    /// The first controller host: where the APIs are called (`keystonerc_admin` lives there).
    public static func apiHost(of inventory: Inventory, file: String) throws(CLIFailure) -> UpshiftModel.Host {
        guard let host = inventory.hosts(with: "controller").first else {
            throw CLIFailure("the inventory has no controller host", id: "inventory.missing-controller",
                             code: UpshiftExit.invalidInput, file: file)
        }
        return host
    }
}
