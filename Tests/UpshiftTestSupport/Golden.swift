import Foundation
import Testing

/// Compares text with a stored golden file in the calling test target's own `Tests/<Target>/Golden`
/// directory (found from the caller's `#filePath`). With UPSHIFT_RECORD=1 it writes the file and
/// *fails*, so a baseline is never blessed silently in CI; a missing golden fails too.
public enum Golden {
    public static func check(_ actual: String, _ name: String, filePath: String = #filePath,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        guard let dir = directory(of: filePath) else {
            Issue.record("\(filePath) is not under a Tests/<Target> directory", sourceLocation: sourceLocation)
            return
        }
        let url = dir.appendingPathComponent(name)
        let text = actual.hasSuffix("\n") ? actual : actual + "\n"
        if ProcessInfo.processInfo.environment["UPSHIFT_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded golden \(name); run again without UPSHIFT_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name) in \(dir.path); record it with UPSHIFT_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            Issue.record("golden \(name) differs at \(firstDifference(expected: expected, actual: text))", sourceLocation: sourceLocation)
        }
    }

    /// `Tests/<Target>/Golden` for a source file anywhere below `Tests/<Target>`; nil elsewhere.
    public static func directory(of filePath: String) -> URL? {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.pathComponents.count > 2 {
            if dir.deletingLastPathComponent().lastPathComponent == "Tests" { return dir.appendingPathComponent("Golden") }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func firstDifference(expected: String, actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let i = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        return "line \(i + 1):\n expected: \(i < e.count ? String(e[i]) : "<end>")\n   actual: \(i < a.count ? String(a[i]) : "<end>")"
    }
}
