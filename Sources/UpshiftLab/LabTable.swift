/// prettytable output as python-novaclient, neutronclient, glanceclient, keystoneclient and
/// cinderclient print it (left-aligned, one space of padding, `+---+` rules).
enum LabTable {
    /// A table with a header row; an empty `rows` prints the header and two rules, like the clients.
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        func line(_ cells: [String]) -> String {
            "|" + zip(cells, widths).map { " " + $0 + String(repeating: " ", count: $1 - $0.count) + " " }.joined(separator: "|") + "|\n"
        }
        return rule + line(header) + rule + rows.map(line).joined() + rule
    }

    /// A `Property | Value` table (print_dict), rows sorted by property.
    static func properties(_ values: [(String, String)], sorted: Bool = true) -> String {
        let rows = sorted ? values.sorted { $0.0 < $1.0 } : values
        return render(["Property", "Value"], rows.map { [$0.0, $0.1] })
    }
}
