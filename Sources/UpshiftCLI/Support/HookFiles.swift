import Foundation
import UpshiftModel
import UpshiftPlanning

/// Reads the inventory's hooks for the planner: a `file:` hook's file (relative to the inventory)
/// must exist and be executable; its text becomes the command, so the plan holds what will run.
enum HookFiles {
    static func resolve(_ inventory: Inventory, inventoryPath: String) throws(CLIFailure) -> [PlanHook] {
        let dir = (inventoryPath as NSString).deletingLastPathComponent
        var out: [PlanHook] = [], problems: [Diagnostic] = []
        for hook in inventory.hooks ?? [] {
            if let run = hook.run { out.append(PlanHook(hook: hook, command: run)); continue }
            guard let file = hook.file else { continue }
            let path = file.hasPrefix("/") ? file : ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(file)
            guard FileManager.default.isExecutableFile(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                problems.append(Diagnostic(id: "inventory.hook-not-executable", severity: .error,
                    summary: "hook file \(path) \(exists ? "is not executable" : "does not exist")",
                    fix: exists ? "chmod +x \(path), after reading it: it runs as root on \(hook.host)" : "give the path of the script, relative to the inventory",
                    subject: .init(location: hook.location)))
                continue
            }
            out.append(PlanHook(hook: hook, command: try InputFiles.readText(path)))
        }
        if !problems.isEmpty { throw CLIFailure(problems, code: UpshiftExit.invalidInput) }
        return out
    }
}
