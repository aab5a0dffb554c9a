import UpshiftModel

/// Reads the tables python-*client commands print (prettytable):
/// ```
/// +----------+-----------------+
/// | Property | Value           |
/// +----------+-----------------+
/// | id       | 5e2c...         |
/// | status   | BUILD           |
/// +----------+-----------------+
/// ```
public enum PrettyTable {
    /// The rows of the first table in `text`, header first, each as trimmed cells. Lines outside
    /// the table (warnings, blank lines) are ignored.
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        for raw in text.scalarLines(omittingEmpty: true) {
            let line = raw.stripping([" ", "\t", "\r"])
            guard line.hasPrefix("|"), line.hasSuffix("|"), line.count >= 2 else { continue }
            let inner = line.dropFirst().dropLast()
            rows.append(inner.split(separator: "|", omittingEmptySubsequences: false).map { $0.stripping([" ", "\t"]) })
        }
        return rows
    }

    /// A two-column `Property | Value` table as a dictionary; a row with an empty property
    /// continues the previous value on a new line (how prettytable wraps long values).
    public static func properties(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var last: String?
        for row in rows(text).dropFirst() where row.count >= 2 {
            if row[0].isEmpty, let key = last { out[key, default: ""] += "\n" + row[1]; continue }
            out[row[0]] = row[1]
            last = row[0]
        }
        return out
    }

    /// A multi-column listing (`nova list`) as one dictionary per row keyed by the header cells.
    public static func records(_ text: String) -> [[String: String]] {
        let all = rows(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { row in
            var record: [String: String] = [:]
            for (i, name) in header.enumerated() where i < row.count { record[name] = row[i] }
            return record
        }
    }
}
