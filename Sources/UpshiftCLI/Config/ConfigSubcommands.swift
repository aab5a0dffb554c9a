import ArgumentParser
import Foundation
import UpshiftConfigEditor
import UpshiftModel

struct ConfigMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply a pack's option changes (renames, removals, new required options) to a file.")
    @Argument(help: "The config file (its name selects the pack's changes: nova.conf, neutron.conf …).") var file: String
    @Option(help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
    @Option(help: "The service whose changes apply, when the file name does not tell.") var service: String?
    @Flag(help: "Also rewrite deprecated names and values that still work in the target release.") var rewriteDeprecated = false
    @Option(name: .customLong("var"), help: "A run variable for {{var:NAME}} placeholders, as NAME=VALUE.") var vars: [String] = []
    @OptionGroup var out: OutputChoice

    func run() throws {
        let changes = try PackChanges.select(pack: PackLibrary.configSpecs(pack), file: file, service: service)
        let doc = try ConfigFiles.load(file)
        let resolver = try PackChanges.resolver(vars: vars)
        let result: MigrationResult
        do { result = try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: rewriteDeprecated, resolver: resolver)).migrate(doc, changes: changes) }
        catch { throw CLIFailure(error.description, id: "config.unresolved", code: UpshiftExit.invalidInput, file: file) }
        try out.deliver(path: file, original: doc, edited: result.document, masker: result.masker, findings: result.findings)
    }
}

struct ConfigGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print the value oslo.config reads for an option.")
    @Argument(help: "The config file.") var file: String
    @Argument(help: OptionArgument.help) var option: OptionArgument
    @Flag(help: "Print every value of a multi-valued or repeated option, one per line.") var all = false
    @Flag(help: "Print secret values instead of ****.") var showSecrets = false
    @Option(help: "text or json") var output: TextOrJSON = .text

    struct Values: Encodable { var file: String, option: String, values: [String] }

    func run() throws {
        let doc = try ConfigFiles.load(file)
        let values = all ? doc.values(of: option.ref) : doc.value(of: option.ref).map { [$0] } ?? []
        guard !values.isEmpty else { throw CLIFailure("\(option.ref) is not set", id: "config.not-set", code: UpshiftExit.failure, file: file) }
        let shown = values.map { showSecrets ? $0 : SecretMasker().maskValue($0, key: option.ref.key) }
        if output == .json { return Console.out(JSONOut.encode(Values(file: file, option: "\(option.ref)", values: shown))) }
        for v in shown { Console.out(v) }
    }
}

struct ConfigSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set an option in place, changing only its line.")
    @Argument(help: "The config file.") var file: String
    @Argument(help: OptionArgument.help) var option: OptionArgument
    @Argument(help: "The value.") var value: String
    @Flag(help: "Print the diff (secrets masked).") var diff = false
    @Flag(help: "Show the diff without writing.") var dryRun = false

    func run() throws {
        let doc = try ConfigFiles.load(file)
        var edited = doc
        do { try edited.set(option.ref, to: value) } catch {
            throw CLIFailure(error.description, id: "config.invalid-value", code: UpshiftExit.usage, file: file)
        }
        let masker = SecretMasker(extraSecrets: SecretMasker.isSecret(key: option.ref.key) ? [value] : [])
        let patch = doc.unifiedDiff(to: edited, masker: masker)
        if (diff || dryRun), !patch.isEmpty { Console.out(String(patch.dropLast())) }
        if !dryRun, edited.lines != doc.lines { try ConfigFiles.replace(file, with: edited.render()) }
    }
}

struct ConfigMergeRpmnew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-rpmnew", abstract: "Merge a package's .rpmnew with the operator's file: operator values kept, new layout and options taken.")
    @Argument(help: "The operator's file.") var file: String
    @Argument(help: "The package's new file (FILE.rpmnew).") var rpmnew: String
    @OptionGroup var out: OutputChoice

    func run() throws {
        let current = try ConfigFiles.load(file), fresh = try ConfigFiles.load(rpmnew)
        let merged = RpmnewMerger.merge(current: current, rpmnew: fresh)
        try out.deliver(path: file, original: current, edited: merged.document, masker: SecretMasker(), findings: merged.findings)
    }
}

struct ConfigLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Report deprecated, renamed, removed, missing-required and unknown options.")
    @Argument(help: "The config file.") var file: String
    @Option(help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
    @Option(help: "The service whose changes apply, when the file name does not tell.") var service: String?
    @Option(help: "A sample config of the target release: options it does not document are reported as unknown.") var known: String?
    @Option(help: "text or json") var output: TextOrJSON = .text

    func run() throws {
        let changes = try PackChanges.select(pack: PackLibrary.configSpecs(pack), file: file, service: service)
        let doc = try ConfigFiles.load(file)
        let sample = try known.map { path throws(CLIFailure) in try ConfigFiles.load(path) }
        let findings = ConfigLinter.lint(doc, changes: changes, known: sample)
        if output == .json {
            Console.out(JSONOut.encode(DiagnosticsJSON(ok: !findings.hasErrors, exitCode: findings.hasErrors ? UpshiftExit.failure : 0, findings)))
        } else if !findings.isEmpty { Console.out(Console.render(findings)) }
        if findings.hasErrors { throw ExitCode(UpshiftExit.failure) }
    }
}
