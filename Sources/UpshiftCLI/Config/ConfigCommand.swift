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
        subcommands: [ConfigMigrate.self, ConfigGet.self, ConfigSet.self, ConfigMergeRpmnew.self, ConfigLint.self])
    public init() {}
}

/// Where a command's result goes: a diff on stdout (the default), the file itself, or another file.
struct OutputChoice: ParsableArguments {
    @Flag(help: "Print the unified diff (secrets masked). The default when neither --write nor -o is given.") var diff = false
    @Flag(help: "Rewrite the file in place (atomically; the original is untouched on error).") var write = false
    @Option(name: .shortAndLong, help: "Write the result to this file instead.") var output: String?

    func validate() throws {
        if write && output != nil { throw ValidationError("give either --write or -o, not both") }
    }

    /// Prints and/or writes the result of editing `original` into `edited`.
    func deliver(path: String, original: ConfigDocument, edited: ConfigDocument, masker: SecretMasker) throws(CLIFailure) {
        let patch = original.unifiedDiff(to: edited, masker: masker)
        if diff || (!write && output == nil) { if !patch.isEmpty { Console.out(String(patch.dropLast())) } }
        if write, edited.lines != original.lines { try ConfigFiles.replace(path, with: edited.render()) }
        if let output { try ConfigFiles.create(output, with: edited.render()) }
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
