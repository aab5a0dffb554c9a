import Foundation
import UpshiftModel
import UpshiftPlanning

/// Reading facts.json for `check --facts` and `plan --facts`: version-checked, cross-checked
/// against the inventory (facts of another cloud are refused), warnings printed.
public enum FactsInput {
    /// The facts at `path` (nil when no path is given); `CLIFailure` with exit 65 when unusable.
    public static func load(_ path: String?, inventory: Inventory) throws(CLIFailure) -> Facts? {
        guard let path else { return nil }
        let text = try InputFiles.readText(path)
        let facts: Facts
        do { facts = try FactsDocument.parse(text: text, sourceName: path) } catch { throw CLIFailure.invalid(error) }
        let problems = FactsDocument.crossCheck(facts, inventory: inventory, sourceName: path)
        if problems.hasErrors { throw CLIFailure(problems, code: UpshiftExit.invalidInput) }
        Console.report(problems)
        return facts
    }
}
