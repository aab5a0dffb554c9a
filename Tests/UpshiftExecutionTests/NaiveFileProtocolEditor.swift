import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab
import UpshiftJournalSQLite

/// A naive editor for the lab runs until the lossless `RemoteConfigEditor` lands: reads the file
/// with `cat`, sets or removes `key = value` lines in their section, writes it back through the
/// file protocol (stdin) and reads it again to verify. `migrate-config` is left to the real editor.
struct NaiveFileProtocolEditor: ConfigEditPerforming {
    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext, secrets: SecretStore) async -> StepOutcome {
        guard let file = step.params.file else { return StepOutcome(.failed, message: "no file") }
        if step.action == .migrateConfig { return StepOutcome(.succeeded, message: "migration left to the lossless editor") }
        do {
            let read = try await transport.run(RemoteCommand("cat \(ShellQuote.quote(file))"), on: host)
            guard read.succeeded else { return StepOutcome(.failed, exitStatus: read.exitStatus, message: "cannot read \(file)") }
            var text = read.stdoutText
            for o in step.params.options ?? [] {
                text = Self.remove(text, section: o.option.section, key: o.option.key)
                if step.action == .setOption || step.action == .pinRPC {
                    var value = o.value
                    for (k, v) in context.variables { value = value.replacingOccurrences(of: "{{var:\(k)}}", with: v) }
                    value = try secrets.resolve(value)
                    text = Self.add(text, section: o.option.section, line: "\(o.option.key) = \(value)")
                }
            }
            let stamp = RollbackPlanner.stamp(context.runStartedAt)
            let write = try await transport.run(RemoteCommand(CommandRenderer.writeScript(path: file, stamp: stamp), stdin: Array(text.utf8)), on: host)
            guard write.succeeded else { return StepOutcome(.failed, exitStatus: write.exitStatus, message: "cannot write \(file)") }
            let check = try await transport.run(RemoteCommand("cat \(ShellQuote.quote(file))"), on: host)
            return check.stdoutText == text ? StepOutcome(.succeeded, exitStatus: 0) : StepOutcome(.failed, message: "\(file) differs after writing")
        } catch {
            return StepOutcome(.failed, message: "\(error)")
        }
    }

    static func lines(_ text: String) -> [String] {
        var l = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    static func remove(_ text: String, section: String, key: String) -> String {
        var current = "DEFAULT", out: [String] = []
        for line in lines(text) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("["), t.hasSuffix("]") { current = String(t.dropFirst().dropLast()) }
            if current == section, let eq = t.firstIndex(of: "="), t[..<eq].trimmingCharacters(in: .whitespaces) == key { continue }
            out.append(line)
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func add(_ text: String, section: String, line: String) -> String {
        var l = lines(text)
        if let i = l.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[\(section)]" }) { l.insert(line, at: i + 1) } else { l += ["[\(section)]", line] }
        return l.joined(separator: "\n") + "\n"
    }
}
