import Foundation
import UpshiftModel
import UpshiftPlanning

/// Reading an inventory file for any command (`inventory validate`, `plan`, `check`, `discover`,
/// `probe`): parse, validate against the pack, print warnings, fail with exit 65 on errors.
public enum InventoryInput {
    /// The validated inventory at `path` (warnings go to stderr); `CLIFailure` with every problem otherwise.
    public static func load(_ path: String, pack: Pack) throws(CLIFailure) -> Inventory {
        let text = try InputFiles.readText(path)
        do {
            let (inventory, warnings) = try InventoryLoader.load(text: text, sourceName: path, validator: InventoryValidator(pack: pack))
            Console.report(warnings)
            return inventory
        } catch {
            throw CLIFailure.invalid(error)
        }
    }

    /// The first controller host: where the APIs are called (`keystonerc_admin` lives there).
    public static func apiHost(of inventory: Inventory, file: String) throws(CLIFailure) -> UpshiftModel.Host {
        guard let host = inventory.hosts(with: InventoryValidator.controllerRole).first else {
            throw CLIFailure("the inventory has no controller host", id: "inventory.missing-controller",
                             code: UpshiftExit.invalidInput, file: file)
        }
        return host
    }
}
