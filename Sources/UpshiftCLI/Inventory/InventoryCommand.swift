import ArgumentParser
import Foundation
import UpshiftModel
import UpshiftPlanning
import UpshiftImport
import Yams

/// `upshift inventory import|validate`: build an inventory from a Packstack answer file, or check one.
public struct InventoryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inventory", abstract: "Import an inventory from a Packstack answer file, or validate one.",
        discussion: "The format is documented in docs/inventory.md.\n\n\(UpshiftExit.helpText)",
        subcommands: [Import.self, Validate.self])
    public init() {}

    /// `upshift inventory import --packstack FILE` or `--ansible FILE`.
    public struct Import: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Write an inventory from a Packstack answer file (Havana or Icehouse keys) or an Ansible YAML inventory.",
            discussion: """
            --ansible reads an Ansible YAML inventory (all/children/hosts/vars; ansible_host, ansible_user):
            a group named like a pack role (or its plural: computes) gives its hosts that role; --map
            GROUP=ROLE names others. Every service of the pack is enabled; review them (docs/ansible.md).
            Passwords in the answer file are never copied: the inventory records only the file's path
            (secrets.answer_file), read again when a plan is applied. Hosts are named from their
            addresses (192.0.2.10 becomes host-192-0-2-10).
            Examples:
              upshift inventory import --packstack /root/packstack-answers.txt -o inventory.yaml
              upshift inventory import --packstack answers.txt --os el7 --name prod
              upshift inventory import --ansible hosts.yml --map control=controller -o inventory.yaml
            """)
        @Option(name: .customLong("packstack"), help: "The Packstack answer file.") var answerFile: String?
        @Option(name: .customLong("ansible"), help: "An Ansible YAML inventory.") var ansibleFile: String?
        @Option(name: .customLong("map"), help: ArgumentHelp("With --ansible: the role of an Ansible group (repeatable).", valueName: "group=role"))
        var map: [String] = []
        @Option(name: .shortAndLong, help: "Write the inventory here (default: standard output).") var outputFile: String?
        @Option(help: "Base OS of every host: el6, el7 or fedora.") var os: String = "el6"
        @Option(help: "Inventory name (default: the answer file's base name).") var name: String?
        @Option(help: "Release the cloud runs now.") var release: String = "havana"
        @Option(help: "A built-in pack name or a pack file, to validate the result.") var pack: String = PackLibrary.defaultName
        public init() {}

        public func validate() throws {
            guard (answerFile == nil) != (ansibleFile == nil) else { throw ValidationError("give either --packstack FILE or --ansible FILE") }
            if answerFile != nil, !map.isEmpty { throw ValidationError("--map goes with --ansible") }
        }

        public func run() async throws {
            if let ansibleFile { return try await AnsibleImport(file: ansibleFile, map: map, os: os, name: name, release: release, pack: pack, outputFile: outputFile).run() }
            guard let answerFile else { return }
            guard let os = BaseOS(rawValue: os.lowercased()) else {
                throw CLIFailure("--os must be el6, el7 or fedora (not '\(self.os)')", id: "cli.usage", code: UpshiftExit.usage)
            }
            let text = try InputFiles.readText(answerFile)
            let pack = try PackLibrary.load(self.pack)
            let path = URL(fileURLWithPath: answerFile).standardizedFileURL.path
            let options = PackstackImporter.Options(os: os, name: name, release: ReleaseName(release), answerFilePath: path,
                                                    knownServices: pack.services.map(\.name))
            let result: PackstackImporter.Result
            do { result = try PackstackImporter.importInventory(text: text, sourceName: answerFile, options: options) }
            catch { throw CLIFailure.invalid(error) }
            Console.report(result.diagnostics)
            do { _ = try InventoryLoader.check(ParsedInventory(inventory: result.inventory, sourceName: answerFile),
                                               validator: InventoryValidator(pack: pack)) }
            catch { throw CLIFailure.invalid(error) }
            let yaml = try InventoryYAML.render(result.inventory, importedFrom: answerFile, style: result.style)
            if let outputFile { try OutputFile.write(yaml, to: outputFile) } else { FileHandle.standardOutput.write(Data(yaml.utf8)) }
        }
    }

    /// `upshift inventory validate FILE`.
    public struct Validate: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "validate", abstract: "Check an inventory file against a pack; every problem with file:line.",
            discussion: "Example: upshift inventory validate inventory.yaml --pack ./my-pack.yaml\n\n\(UpshiftExit.helpText)")
        @Argument(help: "The inventory YAML file.") var file: String
        @Option(help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
        @Option(help: "text or json") var output: TextOrJSON = .text
        public init() {}

        struct Summary: Encodable {
            var file: String, ok: Bool, hosts: Int, roles: [String: Int], services: [String]
        }

        public func run() async throws {
            let pack = try PackLibrary.load(self.pack)
            let inventory = try InventoryInput.load(file, pack: pack)
            let counts = Dictionary(grouping: inventory.hosts.flatMap(\.roles), by: { $0 }).mapValues(\.count)
            if output == .json {
                return Console.out(JSONOut.encode(Summary(file: file, ok: true, hosts: inventory.hosts.count,
                                                          roles: Dictionary(uniqueKeysWithValues: counts.map { ("\($0.key)", $0.value) }),
                                                          services: inventory.settings.services.map(\.rawValue))))
            }
            let roles = counts.map { "\($0.value) \($0.key)" }.sorted()
            Console.out("\(file): ok: \(inventory.hosts.count) hosts (\(roles.joined(separator: ", "))); services: \(inventory.settings.services.map(\.rawValue).joined(separator: ", "))")
        }
    }
}

/// YAML rendering of an inventory, with a header saying where it came from.
enum InventoryYAML {
    static func render(_ inventory: Inventory, importedFrom source: String, style: PackstackKeyStyle) throws(CLIFailure) -> String {
        do {
            let body = try YAMLEncoder().encode(inventory)
            return """
            # Imported by `upshift inventory import` from \(source) (\(style.rawValue)-style host keys).
            # No password was copied: secrets.answer_file names the file they are read from when applying.
            # Format: docs/inventory.md. Review roles and services before planning.
            \(body)
            """
        } catch {
            throw CLIFailure("cannot render the inventory as YAML: \(error)", id: "output.yaml")
        }
    }
}
