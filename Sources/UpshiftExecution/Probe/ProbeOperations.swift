import Foundation
import UpshiftModel
import UpshiftPlanning

/// An API the probe samples, as the pack's `probe.apis` names it. Two APIs are the same when their
/// names are; in JSON an API is its name.
public struct ProbeAPI: Codable, Sendable, Hashable {
    public var name: String
    /// The read-only command that exercises it (succeeds on exit 0).
    public var command: String
    /// The pack service whose API this is (nil: sampled whatever the inventory enables).
    public var service: ServiceName?

    public init(_ spec: ProbeAPISpec) { name = spec.name; command = spec.command; service = spec.service }
    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self); command = ""; service = nil
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(name)
    }
    public static func == (a: ProbeAPI, b: ProbeAPI) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// Renders the pack's probe command templates and reads their answers (pure).
public enum ProbeTemplate {
    /// `template` with each `{key}` replaced by the shell-quoted value, and `{network_arguments}`
    /// by a space and `arguments` (each rendered with `network`, quoted) or nothing when `network` is nil.
    public static func render(_ template: String, _ values: [String: String], network: String? = nil,
                              networkArguments: [String] = []) -> String {
        let args = network.map { net in
            networkArguments.map { ShellQuote.quote($0.replacingOccurrences(of: "{network}", with: net)) }
        } ?? []
        var values = values.mapValues(ShellQuote.quote)
        values["network_arguments"] = args.isEmpty ? "" : " " + args.joined(separator: " ")
        // One pass, so a value that contains "{...}" is never expanded again.
        var out = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                out.append("{"); rest = rest[rest.index(after: open)...]; continue
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The value `field` names in `output`, or nil when it is not there.
    public static func read(_ field: ProbeField, in output: String) -> String? {
        switch field.format {
        case .table:
            return PrettyTable.properties(output)[field.key]
        case .json:
            guard let data = output.data(using: .utf8),
                  var node = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
            for part in field.key.split(separator: ".") {
                guard let object = node as? [String: Any], let next = object[String(part)] else { return nil }
                node = next
            }
            switch node {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            case is NSNull: return nil
            default:
                guard let d = try? JSONSerialization.data(withJSONObject: node, options: [.sortedKeys]) else { return nil }
                return String(decoding: d, as: UTF8.self)
            }
        }
    }
}
