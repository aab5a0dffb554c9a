import Foundation

public enum SourceTree {
    /// The package's root directory (this file is Tests/UpshiftTestSupport/SourceTree.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
