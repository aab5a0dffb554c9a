/// Scalars for the YAML that `upshift export ansible` writes. Every string is a YAML double-quoted
/// scalar (JSON string syntax, which YAML reads unchanged); what Ansible must never template (a
/// command from the plan, a file path) is tagged `!unsafe`, so a `{{` in it stays text. Pure.
public enum AnsibleYAML {
    /// `"text"` with `"`, `\` and control characters escaped.
    public static func str(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f || (0x80...0x9f).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 || u.value == 0xfeff {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// `!unsafe "text"`: Ansible passes it on as is, never as a template.
    public static func unsafe(_ text: String) -> String { "!unsafe " + str(text) }

    /// A flow list of quoted strings: `["a", "b"]`.
    public static func list(_ items: [String]) -> String { "[" + items.map(str).joined(separator: ", ") + "]" }

    /// A block mapping of quoted keys to already-rendered values, indented by `indent` spaces.
    public static func mapping(_ pairs: [(String, String)], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return pairs.map { "\(pad)\(str($0.0)): \($0.1)\n" }.joined()
    }
}
