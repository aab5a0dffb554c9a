import UpshiftModel
import UpshiftPlanning

/// Converts a format-1 pack to format 2 (`upshift pack convert`). The data sections are carried
/// over as written (comments included); `events` and `rpc_pin` become option sets and final
/// checks; the skeleton's plan options (`--option events=…`) are added; and the procedure format 1 planned with (the skeleton that was Swift, which the
/// built-in pack writes out) is added with the pack's own VIF-event daemons, pin package and
/// look-ups. The result is loaded again before it is returned, so it is a valid format-2 pack.
public enum PackConverter {
    public static func convert(text: String, sourceName: String, skeleton: Pack) throws(InputError) -> String {
        let old = try PackLoader.loadFormat1(text: text, sourceName: sourceName, cloudSettings: skeleton.cloudSettings)
        let f1 = try Format1Sections.read(try YAMLDocument(text: text, sourceName: sourceName), pack: old)
        var out = withOutages(withoutSections(text, ["events", "rpc_pin"]), old)
        if let line = out.firstRange(of: /(?m)^format_version:.*$/) {
            out.replaceSubrange(line, with: "format_version: 2   # converted from format 1 by `upshift pack convert`")
        }
        let sets = optionSets(f1)
        out += "\n" + YAMLText.section("option_sets", sets)
        out += "\n" + YAMLText.section("final_checks", finalChecks(old, f1))
        if !skeleton.cloudSettings.isEmpty { out += "\n" + YAMLText.section("cloud_settings", skeleton.cloudSettings) }
        if !skeleton.planOptions.isEmpty { out += "\n" + YAMLText.section("plan_options", skeleton.planOptions) }
        out += "\n" + YAMLText.section("procedure", procedure(skeleton, for: f1, sets: sets))
        _ = try PackLoader.load(text: out, sourceName: sourceName + " (converted)")
        return out
    }

    /// The text without the named top-level sections (each from its key to the next top-level line).
    /// Comments at the left margin between two sections go with the section after them.
    static func withoutSections(_ text: String, _ keys: [String]) -> String {
        var out: [Substring] = [], pending: [Substring] = [], skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") || (line.isEmpty && !pending.isEmpty) { pending.append(line); continue }
            if !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("-") { skipping = keys.contains { line.hasPrefix($0 + ":") } }
            if !skipping { out += pending; out.append(line) }
            pending = []
        }
        return (out + pending).joined(separator: "\n")
    }

    /// Format 1's rule for what a service's own phase costs (an API down when it has a database or is
    /// swift or horizon; boots affected for keystone and glance), written into each service as `outage`.
    static func withOutages(_ text: String, _ old: Pack) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inServices = false
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#") { inServices = line.hasPrefix("services:") }
            if inServices, let range = line.range(of: "- name: "), line[..<range.lowerBound].allSatisfy({ $0 == " " }) {
                let name = ServiceName(String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces))
                if let svc = old.service(name) {
                    let api = !svc.databases.isEmpty || ["swift", "horizon"].contains(name.rawValue)
                    let boots = ["keystone", "glance"].contains(name.rawValue)
                    let indent = String(repeating: " ", count: line.distance(from: line.startIndex, to: range.lowerBound) + 2)
                    lines.insert("\(indent)outage: {api: \(api), boots: \(boots)}", at: i + 1)
                    i += 1
                }
            }
            i += 1
        }
        return lines.joined(separator: "\n")
    }
}
