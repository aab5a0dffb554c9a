import Foundation
import UpshiftModel
import UpshiftPlanning

/// A pack with the text and name it was read from (for hashes and diagnostics).
public struct LoadedPack: Sendable {
    public var pack: Pack
    public var text: String
    public var sourceName: String
    public var ref: InputRef { InputHash.ref(name: pack.name, text: text) }
}

/// The built-in transition packs (shipped as YAML resources) and user pack files.
public enum PackLibrary {
    public static let builtinNames = ["havana-icehouse", "dalmatian-epoxy"]
    public static let defaultName = "havana-icehouse"

    /// The YAML text of a built-in pack.
    public static func builtinText(_ name: String) -> String? {
        guard builtinNames.contains(name),
              let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Packs") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// Loads a built-in pack by name, or a pack file by path.
    public static func load(_ nameOrPath: String) throws(CLIFailure) -> Pack { try loadWithSource(nameOrPath).pack }

    /// The services' config specs of a pack. A built-in pack (validated by the test suite) is decoded
    /// only as far as `config` commands need, which halves their start-up; a pack file is loaded and
    /// validated in full so that its errors are reported as by every other command.
    public static func configSpecs(_ nameOrPath: String) throws(CLIFailure) -> [ServiceConfigSpecs] {
        guard let builtin = builtinText(nameOrPath) else {
            return try load(nameOrPath).services.map { ServiceConfigSpecs(name: $0.name, config: $0.config) }
        }
        do { return try PackLoader.loadConfigSpecs(text: builtin, sourceName: "<builtin>/\(nameOrPath).yaml") }
        catch { throw CLIFailure.invalid(error) }
    }

    public static func loadWithSource(_ nameOrPath: String) throws(CLIFailure) -> LoadedPack {
        let text: String, source: String
        if let builtin = builtinText(nameOrPath) {
            text = builtin; source = "<builtin>/\(nameOrPath).yaml"
        } else if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || FileManager.default.fileExists(atPath: nameOrPath) {
            text = try InputFiles.readText(nameOrPath); source = nameOrPath
        } else {
            throw CLIFailure("unknown pack '\(nameOrPath)' (built-in: \(builtinNames.joined(separator: ", "))); give a file path for your own pack",
                             id: "pack.unknown", code: UpshiftExit.usage)
        }
        do { return LoadedPack(pack: try PackLoader.load(text: text, sourceName: source), text: text, sourceName: source) }
        catch { throw CLIFailure.invalid(error) }
    }
}
