import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
import UpshiftTestSupport

/// The built-in havana-icehouse pack, read from the CLI's resources.
enum PackFixture {
    static let packageRoot = SourceTree.root

    static func pack() throws -> Pack {
        let url = packageRoot.appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")
        return try PackLoader.load(text: String(contentsOf: url, encoding: .utf8), sourceName: "havana-icehouse.yaml")
    }

    /// The changes the pack lists for the file with this basename.
    static func changes(for basename: String) throws -> [ConfigChange] {
        try pack().services.flatMap(\.config).filter { $0.file.hasSuffix("/" + basename) }.flatMap(\.changes)
    }
}
