import Foundation
import UpshiftModel
import UpshiftPlanning

/// A platform with the text and the file it was read from (for hashes, listings and ownership checks).
public struct LoadedPlatform: Sendable {
    public var platform: Platform
    public var text: String
    /// The file for a platform file; nil for a built-in.
    public var path: String?
}

/// The built-in platforms (YAML resources in Platforms/) and the files an inventory's `platforms:` names.
public enum PlatformLibrary {
    public static let builtinNames = ["debian", "el6", "el7", "fedora", "ubuntu", "venv-supervisord", "venv-systemd"]

    public static func builtinText(_ name: String) -> String? {
        guard builtinNames.contains(name),
              let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Platforms") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    public static func builtin(_ name: String) throws(CLIFailure) -> LoadedPlatform? {
        guard let text = builtinText(name) else { return nil }
        do { return LoadedPlatform(platform: try PlatformLoader.load(text: text, sourceName: "<builtin>/\(name).yaml"), text: text) }
        catch { throw CLIFailure.invalid(error) }
    }

    /// Every built-in platform.
    public static func allBuiltins() throws(CLIFailure) -> PlatformSet {
        var out: [Platform] = []
        for name in builtinNames { if let b = try builtin(name) { out.append(b.platform) } }
        return PlatformSet(out)
    }

    /// A platform file; a relative path is taken from `directory` (the inventory's).
    public static func file(_ path: String, relativeTo directory: String? = nil) throws(CLIFailure) -> LoadedPlatform {
        let full = path.hasPrefix("/") || directory == nil ? path : (directory! as NSString).appendingPathComponent(path)
        let text = try InputFiles.readText(full)
        let platform: Platform
        do { platform = try PlatformLoader.load(text: text, sourceName: full) } catch { throw CLIFailure.invalid(error) }
        if builtinNames.contains(platform.name) {
            throw CLIFailure([Diagnostic(id: "platform.builtin-name", severity: .error,
                summary: "platform '\(platform.name)' is a built-in platform's name", fix: "give your platform another name",
                subject: .init(location: platform.location))], code: UpshiftExit.invalidInput)
        }
        return LoadedPlatform(platform: platform, text: text, path: full)
    }

    /// The platform files of an inventory at `inventoryPath` (its `platforms:` list).
    public static func files(of inventory: Inventory, inventoryPath: String) throws(CLIFailure) -> [LoadedPlatform] {
        let dir = (inventoryPath as NSString).deletingLastPathComponent
        var out: [LoadedPlatform] = []
        for f in inventory.platformFiles ?? [] {
            let loaded = try file(f, relativeTo: dir.isEmpty ? "." : dir)
            if let other = out.first(where: { $0.platform.name == loaded.platform.name }) {
                throw CLIFailure([Diagnostic(id: "platform.duplicate", severity: .error,
                    summary: "platform '\(loaded.platform.name)' is also defined in \(other.path ?? "")",
                    subject: .init(location: loaded.platform.location))], code: UpshiftExit.invalidInput)
            }
            out.append(loaded)
        }
        return out
    }

    /// The platforms `hosts` use: the user's files, and the built-ins they name.
    public static func used(by hosts: [UpshiftModel.Host], files: [LoadedPlatform]) throws(CLIFailure) -> [LoadedPlatform] {
        var out = files.filter { f in hosts.contains { $0.platform == f.platform.name } }
        for name in Set(hosts.map(\.platform)).sorted() where !out.contains(where: { $0.platform.name == name }) {
            if let b = try builtin(name) { out.append(b) }
        }
        return out
    }
}
