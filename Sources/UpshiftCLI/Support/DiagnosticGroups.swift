import Foundation
import UpshiftModel

/// Folds diagnostics that say the same thing about different hosts into one naming every host:
/// 20 computes with the same unknown host key give one diagnostic, not 20 times five lines.
/// Two diagnostics are the same when their id, severity, fix and detail are equal and their
/// summaries are equal once each one's own host names and IPv4 addresses are masked.
enum DiagnosticGroups {
    static func group(_ ds: [Diagnostic]) -> [Diagnostic] {
        var order: [String] = [], groups: [String: [Diagnostic]] = [:]
        for d in ds {
            let key = d.subject.hosts.isEmpty ? UUID().uuidString
                : [d.id, d.severity.rawValue, d.fix ?? "", d.detail ?? "", d.subject.step?.rawValue ?? "", masked(d)].joined(separator: "\u{1F}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(d)
        }
        return order.map { key in
            let members = groups[key]!
            guard members.count > 1 else { return members[0] }
            var merged = members[0]
            merged.summary = "\(members.count) hosts: " + masked(members[0])
            merged.subject.hosts = members.flatMap(\.subject.hosts)
            return merged
        }
    }

    /// The summary with the diagnostic's host names as `<host>` and IPv4 addresses as `<address>`.
    static func masked(_ d: Diagnostic) -> String {
        var s = d.summary
        for h in d.subject.hosts.sorted(by: { $0.rawValue.count > $1.rawValue.count }) {
            s = s.replacingOccurrences(of: h.rawValue, with: "<host>")
        }
        return s.replacingOccurrences(of: #"\b\d{1,3}(\.\d{1,3}){3}\b"#, with: "<address>", options: .regularExpression)
    }
}
