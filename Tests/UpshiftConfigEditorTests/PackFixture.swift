import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning

/// The built-in havana-icehouse pack, read from the CLI's resources, and golden-file comparison.
enum PackFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func pack() throws -> Pack {
        let url = packageRoot.appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")
        return try PackLoader.load(text: String(contentsOf: url, encoding: .utf8), sourceName: "havana-icehouse.yaml")
    }

    /// The changes the pack lists for the file with this basename.
    static func changes(for basename: String) throws -> [ConfigChange] {
        try pack().services.flatMap(\.config).filter { $0.file.hasSuffix("/" + basename) }.flatMap(\.changes)
    }

    /// Compares `actual` with Tests/UpshiftConfigEditorTests/Golden/NAME. A missing golden file (or
    /// UPSHIFT_RECORD=1) records it and fails, so a baseline is never blessed silently.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["UPSHIFT_RECORD"] == "1" || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded golden file \(name); check it and run again", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden \(name) differs", sourceLocation: sourceLocation)
    }
}
