import Foundation

/// Validates a JSON output against docs/schemas with `scripts/validate-json` (python3 jsonschema,
/// installed by scripts/prereqs). Returns the problems, one per line; empty when valid.
public enum SchemaCheck {
    public static let root = SourceTree.root

    public static func problems(_ schema: String, text: String, lines: Bool = false) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-schema-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("scripts/validate-json").path, schema, file.path] + (lines ? ["--lines"] : [])
        let out = Pipe()
        p.standardOutput = out; p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if p.terminationStatus == 0 { return [] }
        return text.split(separator: "\n").map(String.init) + ["(validate-json exited \(p.terminationStatus))"]
    }
}
