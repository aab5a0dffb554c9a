import Foundation
import UpshiftModel
import UpshiftPlanning

extension RollbackPlanner {
    /// The undo of one step on one host. Package, code and database undos are the host's platform
    /// commands (`scripts` notes each one the platform lacks); daemons go back through the opposite
    /// step; config edits restore the copy the step's edit kept.
    static func undo(of step: Step, on host: HostName, run record: RunRecord, scripts: inout UndoScripts) -> UndoItem {
        let unit = UnitKey(step: step.id, host: host)
        guard step.reversible else {
            return UndoItem(original: unit, undo: nil, note: "not undone: \(step.rollback ?? "not reversible")", reverts: false)
        }
        var u = step
        u.id = StepID("undo:\(step.id.rawValue)"); u.hosts = host == UnitKey.noHost ? [] : [host]; u.after = []
        u.pointOfNoReturn = false
        func run(_ command: String) -> Step { var r = u; r.action = .run; r.params = StepParams(); r.params.user = "root"; r.params.command = command; return r }
        // `{release}` of an undo is the release rolled back to.
        let code: [String: CommandTemplate.Value] = ["service": .word(step.service?.rawValue ?? ""), "release": .word(record.plan.from.rawValue)]
        switch step.action {
        case .stop: u.action = .start
        case .start: u.action = .stop
        case .disableCompute: u.action = .enableCompute
        case .enableCompute: u.action = .disableCompute
        case .upgradePackages:
            guard let packages = step.params.packages, !packages.isEmpty else {
                return UndoItem(original: unit, undo: nil, note: "not undone: a full package update names no packages to downgrade", reverts: false)
            }
            u = run(scripts.script(.packageDowngrade, code.merging(["packages": .words(packages)]) { $1 }))
        case .switchCode where step.params.command == nil:
            u = run(scripts.script(.codeSwitch, code))
        case .syncSchema:
            return restoreDump(step, unit, run, &scripts)
        case .repoSwitch:
            guard let package = step.params.repoPackage, let restore = step.params.repoRestore else {
                return UndoItem(original: unit, undo: nil, note: step.rollback ?? "not undone: the pack names no repository package to restore", reverts: false)
            }
            // Both release packages own the same repository file: erase the new one (if it got installed) first.
            let installed = scripts.script(.packageInstalled, ["package": .word(package)])
            let erase = scripts.script(.packageErase, ["packages": .words([package])])
            let install = scripts.script(.packageInstall, code.merging(["packages": .words([restore])]) { $1 })
            u = run("\(installed) >/dev/null 2>&1 && \(erase); \(install)")
        case .installPackages:
            u = run(scripts.script(.packageErase, ["packages": .words(step.params.packages ?? [])]))
        case .setOption, .unsetOption, .pinRPC, .unpinRPC, .migrateConfig:
            guard let file = step.params.file else { return UndoItem(original: unit, undo: nil, note: "no file to restore") }
            // Each step's edit keeps its own backup (the stamp names the step). An edit that found the
            // file already as wanted, or did not get as far as writing, left none: nothing to restore.
            let backup = ShellQuote.quote("\(file).upshift-\(RemoteConfigEditor.stamp(for: record.startedAt, step: step.id))"), target = ShellQuote.quote(file)
            u = run("test ! -e \(backup) || cp -p \(backup) \(target)")
        default:
            return UndoItem(original: unit, undo: nil, note: step.rollback ?? "nothing to undo")
        }
        return UndoItem(original: unit, undo: u, note: "\(u.action.rawValue) \(u.params.command ?? (u.params.daemons ?? []).map(\.rawValue).joined(separator: " "))")
    }

    /// A schema sync before the point of no return is undone by restoring its dump (made with
    /// --add-drop-database, it recreates the database as it was); the dump must still be there.
    static func restoreDump(_ step: Step, _ unit: UnitKey, _ run: (String) -> Step, _ scripts: inout UndoScripts) -> UndoItem {
        guard let path = step.params.path, path.hasSuffix(".sql") else {
            return UndoItem(original: unit, undo: nil, note: "not undone: no mysql dump to restore", reverts: false)
        }
        let present = "test -s \(ShellQuote.quote(path))"
        let u = run("\(present) && \(scripts.script(.dbRestoreMySQL, ["path": .word(path)]))")
        var item = UndoItem(original: unit, undo: u, note: "run \(u.params.command!)")
        item.requires = run(present)
        item.requires?.id = StepID("check:\(step.id.rawValue)")
        item.missing = "\(unit.host): the database dump \(path) that undoing \(step.id) restores is not there (the backup was never taken, or was removed)"
        return item
    }
}
