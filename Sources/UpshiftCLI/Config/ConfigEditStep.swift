import ArgumentParser
import Foundation
import UpshiftConfigEditor
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// `upshift config edit-step PLAN --step ID --host HOST --file PATH`: the edit half of a plan's
/// config step, for the Ansible export's `upshift_config_edit` plugin (docs/ansible.md). Reads the
/// file's current bytes on standard input, applies the step with the same `RemoteConfigEditor`
/// apply uses (secrets from UPSHIFT_SECRET_<NAME> or --answer-file, run variables from --var) and
/// prints one JSON object: whether it changed, the new content (base64), the write command of the
/// file protocol for it, the backup path and the masked diff.
struct ConfigEditStep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit-step", abstract: "Edit one file of a plan's config step read on stdin (the Ansible export's config edits).",
        shouldDisplay: false)
    @Argument(help: "The plan file.") var plan: String
    @Option(help: "The config step's id.") var step: String
    @Option(help: "The host the file is on.") var host: String
    @Option(help: "The file's path on the host.") var file: String
    @Option(help: "A built-in pack name or pack file (default: the plan's).") var pack: String?
    @Option(name: .customLong("answer-file"), help: "A Packstack answer file to read secrets from.") var answerFile: String?
    @Option(name: .customLong("var"), help: ArgumentHelp("A run variable a lookup found (repeatable).", valueName: "name=value")) var variables: [String] = []

    struct Answer: Encodable { var changed: Bool, content: String, write: String, backup: String, diff: String }

    func run() async throws {
        let (plan, _) = try ExecuteInputs.readPlan(self.plan)
        guard var step = plan.steps.first(where: { $0.id.rawValue == self.step }), step.action.isConfigEdit else {
            throw CLIFailure("the plan has no config step \(self.step)", id: "config.edit-step.unknown", code: UpshiftExit.usage, file: self.plan)
        }
        let loaded = try PackLibrary.loadWithSource(pack ?? plan.pack.name)
        guard InputHash.sha256(loaded.text) == plan.pack.sha256 else {
            throw CLIFailure("pack \(loaded.sourceName) changed since the plan was made; nothing was edited", id: "apply.drift.pack", code: UpshiftExit.refused, file: self.plan)
        }
        step.params.file = file
        let secrets = SecretStore(environment: ProcessInfo.processInfo.environment, answerFile: try answerFile.map { try InputFiles.readText($0) })
        var vars: [String: String] = [:]
        for v in variables {
            guard let eq = v.firstIndex(of: "=") else { throw CLIFailure("--var takes NAME=VALUE, not '\(v)'", id: "cli.usage", code: UpshiftExit.usage) }
            vars[String(v[..<eq])] = String(v[v.index(after: eq)...])
        }
        let resolver: PlaceholderResolver = { [vars] p in p.kind == "secret" ? secrets.value(of: p.name) : p.kind == "var" ? vars[p.name] : nil }
        let access = StdinConfigFile(host: HostName(host), path: file, bytes: Array(FileHandle.standardInput.readDataToEndOfFile()))
        let stamp = RemoteConfigEditor.stamp(for: Date(), step: step.id)
        let results: [RemoteEditResult]
        do { results = try await RemoteConfigEditor(access: access, stamp: stamp).apply(step, pack: loaded.pack, options: MigrationOptions(resolver: resolver)) } catch {
            throw CLIFailure(secrets.redact(error.description), id: "config.edit-step.\(error.code.rawValue)", code: error.code == .invalidFile ? UpshiftExit.invalidInput : UpshiftExit.failure)
        }
        let written = await access.written
        let content = written ?? []
        Console.out(JSONOut.encode(Answer(changed: results.contains(where: \.changed), content: Data(content).base64EncodedString(),
                                          write: CommandRenderer.writeScript(path: file, stamp: stamp, size: String(content.count)),
                                          backup: "\(file).upshift-\(stamp)", diff: secrets.redact(results.map(\.diff).joined(separator: "\n")))))
    }
}

/// One file's bytes from standard input, and what the editor writes back (kept, not sent).
actor StdinConfigFile: ConfigFileAccess {
    nonisolated let host: HostName
    let path: String
    var bytes: [UInt8]
    private(set) var written: [UInt8]?
    init(host: HostName, path: String, bytes: [UInt8]) { self.host = host; self.path = path; self.bytes = bytes }

    func read(_ path: String) async throws(ConfigEditFailure) -> [UInt8] {
        guard path == self.path else { throw ConfigEditFailure(.readFailed, host: host, path: path, message: "only \(self.path) was given on standard input") }
        return bytes
    }

    func write(_ path: String, contents: [UInt8], stamp: String) async throws(ConfigEditFailure) {
        guard path == self.path else { throw ConfigEditFailure(.writeFailed, host: host, path: path, message: "only \(self.path) can be written") }
        bytes = contents
        written = contents
    }
}
