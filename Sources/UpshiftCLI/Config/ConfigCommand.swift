import ArgumentParser
import UpshiftConfigEditor
import UpshiftModel

/// `upshift config`: lossless editing and Havana→Icehouse migration of oslo.config files.
/// Register it as a subcommand of the root command (`ConfigCommand.self`).
public struct ConfigCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read, edit, migrate, merge and lint oslo.config files without losing a comment.",
        discussion: """
        Examples:
          upshift config migrate nova.conf --pack havana-icehouse --diff
          upshift config get nova.conf DEFAULT/vif_plugging_timeout
          upshift config set neutron.conf DEFAULT/notify_nova_on_port_status_changes true
          upshift config merge-rpmnew neutron.conf neutron.conf.rpmnew --write
          upshift config lint nova.conf --pack havana-icehouse --known nova.conf.sample
        Secrets (passwords, connection URLs) are masked in every diff and message.
        Exit codes: 0 ok; 1 failure (lint errors, unwritable file); 64 usage; 65 invalid input file.
        """,
        subcommands: [ConfigMigrate.self, ConfigGet.self, ConfigSet.self, ConfigMergeRpmnew.self, ConfigLint.self, ConfigEditStep.self])
    public init() {}
}

/// Where a command's result goes: a diff on stdout (the default), the file itself, or another file.
struct OutputChoice: ParsableArguments {
    @Flag(help: "Print the unified diff (secrets masked). The default when neither --write nor -o is given.") var diff = false
    @Flag(help: "Rewrite the file in place (atomically; the original is untouched on error).") var write = false
    @Option(name: [.short, .customLong("output-file")], help: "Write the result to this file instead.") var outputFile: String?
    @Option(help: "text or json (the diff, what was written and the findings as one JSON object)") var output: TextOrJSON = .text

    func validate() throws {
        if write && outputFile != nil { throw ValidationError("give either --write or -o, not both") }
    }

    struct Result: Encodable {
        var file: String, changed: Bool, diff: String, written: String?, findings: [Diagnostic]
    }

    /// Prints and/or writes the result of editing `original` into `edited`; findings go to stderr (text) or into the JSON.
    func deliver(path: String, original: ConfigDocument, edited: ConfigDocument, masker: SecretMasker, findings: [Diagnostic] = []) throws(CLIFailure) {
        let patch = original.unifiedDiff(to: edited, masker: masker)
        if output == .text {
            Console.report(findings)
            if diff || (!write && outputFile == nil) { if !patch.isEmpty { Console.out(String(patch.dropLast())) } }
        }
        let changed = edited.lines != original.lines
        if write, changed { try ConfigFiles.replace(path, with: edited.render()) }
        if let outputFile { try ConfigFiles.create(outputFile, with: edited.render()) }
        if output == .json {
            let written = outputFile ?? (write && changed ? path : nil)
            Console.out(JSONOut.encode(Result(file: path, changed: changed, diff: patch, written: written, findings: findings)))
        }
    }
}

/// Parses `section/key`.
struct OptionArgument: ExpressibleByArgument {
    var ref: OptionRef
    init?(argument: String) {
        guard let r = OptionRef(parsing: argument) else { return nil }
        ref = r
    }
}

extension OptionArgument {
    static var help: ArgumentHelp { "The option as SECTION/KEY (DEFAULT/vif_plugging_timeout)." }
}
