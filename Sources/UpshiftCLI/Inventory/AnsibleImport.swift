import Foundation
import UpshiftModel
import UpshiftPlanning
import Yams

/// `upshift inventory import --ansible FILE [--map GROUP=ROLE]…` (docs/ansible.md).
struct AnsibleImport {
    var file: String, map: [String], os: String, name: String?, release: String, pack: String, outputFile: String?

    func run() async throws {
        let pack = try PackLibrary.load(self.pack)
        guard BaseOS(rawValue: os.lowercased()) != nil else {
            throw CLIFailure("--os must be el6, el7 or fedora (not '\(os)')", id: "cli.usage", code: UpshiftExit.usage)
        }
        let roles = pack.roles.map(\.name)
        var pairs: [(group: String, role: RoleName)] = []
        for m in map {
            let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, roles.contains(RoleName(parts[1])) else {
                throw CLIFailure("--map takes GROUP=ROLE with a role of pack \(pack.name) (\(roles.map(\.rawValue).joined(separator: ", "))), not '\(m)'",
                                 id: "cli.usage", code: UpshiftExit.usage)
            }
            pairs.append((parts[0], RoleName(parts[1])))
        }
        let text = try InputFiles.readText(file)
        let options = AnsibleInventoryImporter.Options(platform: os.lowercased(), name: name, release: ReleaseName(release), pack: pack, map: pairs)
        let result: AnsibleInventoryImporter.Result
        do { result = try AnsibleInventoryImporter.importInventory(text: text, sourceName: file, options: options) } catch { throw CLIFailure.invalid(error) }
        Console.report(result.diagnostics)
        do { _ = try InventoryLoader.check(ParsedInventory(inventory: result.inventory, sourceName: file), validator: InventoryValidator(pack: pack)) }
        catch { throw CLIFailure.invalid(error) }
        let yaml = try render(result)
        if let outputFile { try OutputFile.write(yaml, to: outputFile) } else { FileHandle.standardOutput.write(Data(yaml.utf8)) }
    }

    func render(_ result: AnsibleInventoryImporter.Result) throws(CLIFailure) -> String {
        let groups = result.mapping.map { "\($0.group) -> \($0.role)" }.joined(separator: ", ")
        do {
            return """
            # Imported by `upshift inventory import --ansible` from \(file) (groups: \(groups.isEmpty ? "none" : groups)).
            # Every service of the pack is enabled and ssh ports come from your ssh config: review them, and name
            # the secrets (secrets.answer_file, or UPSHIFT_SECRET_<NAME> when applying). Format: docs/inventory.md.
            \(try YAMLEncoder().encode(result.inventory))
            """
        } catch {
            throw CLIFailure("cannot render the inventory as YAML: \(error)", id: "output.yaml")
        }
    }
}
