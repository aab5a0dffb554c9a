import Foundation
import UpshiftModel

/// Problems for machines: `{"ok": false, "exit_code": 65, "diagnostics": [{"id", "severity", "message",
/// "file", "line", "fix", ...}]}`, one line on standard output. Printed for every failure when the
/// command line asks for `--output json` (errors included), beside the text on standard error.
struct DiagnosticsJSON: Encodable {
    struct Item: Encodable {
        var id: String
        var severity: Severity
        var message: String
        var detail: String?
        var fix: String?
        var reference: String?
        var file: String?
        var line: Int?
        var column: Int?
        var hosts: [String]
        var step: String?
    }
    var ok: Bool
    var exitCode: Int32
    var diagnostics: [Item]
    enum CodingKeys: String, CodingKey { case ok, exitCode = "exit_code", diagnostics }

    init(ok: Bool, exitCode: Int32, _ ds: [Diagnostic]) {
        self.ok = ok; self.exitCode = exitCode
        diagnostics = ds.map { d in
            Item(id: d.id, severity: d.severity, message: d.summary, detail: d.detail, fix: d.fix, reference: d.reference,
                 file: d.subject.location?.file, line: d.subject.location?.line, column: d.subject.location?.column,
                 hosts: d.subject.hosts.map(\.rawValue), step: d.subject.step?.rawValue)
        }
    }

    /// One line of JSON (it may end a stream of JSON lines, as `apply --output json` prints).
    var line: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Whether the command line asks for JSON output (`--output json`, `--output=json`, lab status's old `--json`).
    static func requested(_ args: [String]) -> Bool {
        zip(args, args.dropFirst()).contains { $0 == "--output" && $1 == "json" } || args.contains("--output=json") || args.contains("--json")
    }

    /// Prints the failure as JSON when asked for.
    static func emit(_ ds: [Diagnostic], code: Int32, args: [String] = CommandLine.arguments) {
        guard requested(args) else { return }
        Console.out(DiagnosticsJSON(ok: false, exitCode: code, ds).line)
    }
}
