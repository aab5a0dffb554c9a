import Foundation
import Testing

/// Compares text with a stored golden file. With UPSHIFT_RECORD=1 it writes the file and *fails*,
/// so a baseline is never blessed silently in CI.
enum Golden {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = dir.appendingPathComponent(name)
        let text = actual.hasSuffix("\n") ? actual : actual + "\n"
        if ProcessInfo.processInfo.environment["UPSHIFT_RECORD"] == "1" {
            try? text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded golden \(name); run again without UPSHIFT_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name); record it with UPSHIFT_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
            Issue.record("golden \(name) differs at line \(i + 1):\n expected: \(i < e.count ? String(e[i]) : "<end>")\n   actual: \(i < a.count ? String(a[i]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }
}
