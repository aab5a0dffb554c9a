import Foundation
import UpshiftModel

/// Reads and writes the JSON plan format (docs/plan-format.md).
public enum PlanCodec {
    /// The plan as pretty-printed JSON with sorted keys and a final newline.
    public static func encode(_ plan: Plan) -> String {
        // Same bytes as the JSONEncoder below (tests compare the two), several times faster.
        if let fast = PrettyJSONEncoder.encode(plan, finalNewline: true, capacity: 1_100 * plan.steps.count + 4_096) { return fast }
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(plan)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Decodes a plan; a future format_version, malformed JSON or a bad field is an `InputError` naming the file.
    public static func decode(_ text: String, sourceName: String) throws(InputError) -> Plan {
        let plan = try decodeUnchecked(text, sourceName: sourceName)
        // A package starting with '-' would reach yum or apt as an option: refused, with its step.
        for step in plan.steps {
            for name in step.params.packages ?? [] {
                if let why = PackageName.problem(name) {
                    throw InputError(Diagnostic(id: "plan.package-name", severity: .error, summary: "step \(step.id): \(why)",
                                                subject: .init(location: .init(file: sourceName))))
                }
            }
        }
        return plan
    }

    static func decodeUnchecked(_ text: String, sourceName: String) throws(InputError) -> Plan {
        // The plans Upshift writes take the fast strict reader; anything else (a hand edit it does
        // not accept, a future format_version, malformed JSON) goes through JSONDecoder as before.
        if let tree = JSONTree.parse(text), let plan = PlanTreeReader.plan(tree),
           plan.formatVersion <= Plan.currentFormatVersion { return plan }
        struct Header: Decodable { var format_version: Int? }
        let data = Data(text.utf8)
        func fail(_ id: String, _ msg: String) -> InputError {
            InputError(Diagnostic(id: id, severity: .error, summary: msg, subject: .init(location: .init(file: sourceName))))
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw fail("plan.malformed", "not a JSON plan (malformed JSON)")
        }
        guard let v = header.format_version else { throw fail("plan.malformed", "not an Upshift plan: no format_version") }
        if v > Plan.currentFormatVersion {
            throw fail("plan.format-version", "format_version \(v) is newer than this Upshift understands (\(Plan.currentFormatVersion)); use a newer Upshift")
        }
        do { return try JSONDecoder().decode(Plan.self, from: data) } catch let e as DecodingError {
            let (path, msg) = YAMLDocument.explain(e)
            _ = path
            throw fail("plan.invalid", msg)
        } catch { throw fail("plan.invalid", "\(error)") }
    }
}
