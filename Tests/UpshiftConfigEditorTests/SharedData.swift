import Foundation

/// Access to /work/shared/data (`../shared/data` relative to the package root), read in place.
enum SharedData {
    static let root: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Every oslo-style config file of the shared corpus, relative to `root`, sorted.
    static let configFiles: [String] = {
        let suffixes = [".conf", ".ini", ".sample", ".rpmnew"]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { p in suffixes.contains { p.hasSuffix($0) } }.sorted()
    }()

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func text(_ relative: String) throws -> String { String(decoding: try bytes(relative), as: UTF8.self) }
}
