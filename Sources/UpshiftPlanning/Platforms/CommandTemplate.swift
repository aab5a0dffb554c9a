import UpshiftModel

/// Command templates of platforms and packs: `{name}` is a placeholder replaced by a quoted value,
/// `{{` is a literal `{`; every other character is the template's own shell text. A name is lower
/// case letters, digits and `_` starting with a letter, so `%{VERSION}` or `${HOME}` are left as they are.
public enum CommandTemplate {
    /// A placeholder's value: one word, several words (each quoted) or a script the pack itself
    /// wrote (`{script}`), inserted as shell text.
    public enum Value: Sendable, Hashable {
        case word(String)
        case words([String])
        case script(String)
    }

    enum Piece: Equatable { case text(String), placeholder(String) }

    static func pieces(_ template: String) -> [Piece] {
        var out: [Piece] = [], text = "", i = template.startIndex
        while i < template.endIndex {
            let c = template[i]
            if c == "{" {
                let next = template.index(after: i)
                if next < template.endIndex, template[next] == "{" { text.append("{"); i = template.index(after: next); continue }
                if let close = template[next...].firstIndex(of: "}"), isName(template[next..<close]) {
                    if !text.isEmpty { out.append(.text(text)); text = "" }
                    out.append(.placeholder(String(template[next..<close])))
                    i = template.index(after: close); continue
                }
            }
            text.append(c); i = template.index(after: i)
        }
        if !text.isEmpty { out.append(.text(text)) }
        return out
    }

    static func isName(_ s: Substring) -> Bool {
        guard let f = s.first, f >= "a" && f <= "z" else { return false }
        return s.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }

    /// The placeholders a template names, in order.
    public static func placeholders(_ template: String) -> [String] {
        pieces(template).compactMap { if case .placeholder(let n) = $0 { n } else { nil } }
    }

    /// The template with every placeholder replaced (a missing value renders as `''`).
    public static func render(_ template: String, _ values: [String: Value]) -> String {
        pieces(template).map { piece -> String in
            switch piece {
            case .text(let t): return t
            case .placeholder(let n):
                switch values[n] {
                case .word(let w): return ShellQuote.quote(w)
                case .words(let ws): return ShellQuote.join(ws)
                case .script(let s): return s
                case nil: return "''"
                }
            }
        }.joined()
    }
}
