import Foundation
import UpshiftModel

/// Writes to stdout/stderr. Colour only when the stream is a terminal and NO_COLOR is unset.
public enum Console {
    public static func out(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
    public static func err(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    public static var stderrIsTTY: Bool { isatty(2) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
    public static var stdoutIsTTY: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// Renders diagnostics for people: `file:line: error: summary [id]`, then indented detail, fix, source, hosts.
    public static func render(_ ds: [Diagnostic], color: Bool = false) -> String {
        ds.map { d in
            var head = d.oneLine
            if color {
                let c = d.severity == .error ? "\u{1B}[31m" : d.severity == .warning ? "\u{1B}[33m" : "\u{1B}[36m"
                head = head.replacingOccurrences(of: "\(d.severity.rawValue):", with: "\(c)\(d.severity.rawValue)\u{1B}[0m:")
            }
            var lines = [head]
            if let step = d.subject.step { lines.append("  step: \(step)") }
            if !d.subject.hosts.isEmpty {
                let hs = d.subject.hosts.map(\.rawValue)
                lines.append("  hosts: " + (hs.count > 8 ? hs.prefix(8).joined(separator: ", ") + " and \(hs.count - 8) more" : hs.joined(separator: ", ")))
            }
            if let detail = d.detail, !detail.isEmpty { lines.append("  why: \(detail)") }
            if let fix = d.fix { lines.append("  fix: \(fix)") }
            if let r = d.reference, !r.isEmpty { lines.append("  source: \(r)") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Renders to stderr, identical problems of several hosts folded into one (`DiagnosticGroups`).
    public static func report(_ ds: [Diagnostic]) {
        guard !ds.isEmpty else { return }
        err(render(DiagnosticGroups.group(ds), color: stderrIsTTY))
    }
}

/// JSON with sorted keys and pretty printing: deterministic output for golden files and machines.
public enum JSONOut {
    public static func encode<T: Encodable>(_ v: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return String(decoding: (try? e.encode(v)) ?? Data("null".utf8), as: UTF8.self)
    }
}
