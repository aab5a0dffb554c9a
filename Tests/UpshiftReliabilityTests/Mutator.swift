import Foundation
import UpshiftTestSupport

/// Mutates text inputs the way fuzzers do: byte edits, line edits (delete, duplicate, swap,
/// re-indent) and insertions of tokens that are special to YAML, INI, JSON or a shell.
struct Mutator {
    var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let tokens = [
        ":", ": ", "- ", "-", "\t", "  ", "\n", "\r\n", "\r", "#", "[", "]", "{", "}", "[]", "{}", "'", "\"", "\\",
        "&a", "*a", "<<: *a", "!!binary", "!!python/object", "? ", "|", ">", "---", "...", "%YAML 1.2\n", "=", "==",
        "[DEFAULT]", "[", "]\n[", " = ", "\u{0}", "\u{FEFF}", "é", "😀", "\u{202E}", "$(touch /tmp/pwned)", "`id`", "; rm -rf /",
        "~", "null", "true", "no", "0x1F", "1e999", "-1", "99999999999999999999", "0", ".nan", "{{secret:X}}", "{{host:X}}",
        String(repeating: "a", count: 300), String(repeating: "[", count: 64), String(repeating: "- ", count: 40),
    ]

    mutating func int(_ upper: Int) -> Int { upper <= 0 ? 0 : Int.random(in: 0..<upper, using: &rng) }

    /// One to four mutations of `text`.
    mutating func mutate(_ text: String) -> String {
        var out = text
        for _ in 0...int(4) { out = once(out) }
        return out
    }

    mutating func once(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let i = int(lines.count)
        switch int(9) {
        case 0: if !lines.isEmpty { lines.remove(at: i) }
        case 1: if !lines.isEmpty { lines.insert(lines[i], at: i) }
        case 2: if lines.count > 1 { lines.swapAt(i, int(lines.count)) }
        case 3: if !lines.isEmpty { lines[i] = String(repeating: " ", count: int(9)) + lines[i].trimmingCharacters(in: .whitespaces) }
        case 4: if !lines.isEmpty { lines[i] = insert(Self.tokens[int(Self.tokens.count)], into: lines[i]) }
        case 5: if !lines.isEmpty, let c = lines[i].firstIndex(of: ":") ?? lines[i].firstIndex(of: "=") {
                    lines[i] = String(lines[i][...c]) + " " + Self.tokens[int(Self.tokens.count)] }
        case 6: return bytes(text)
        case 7: if !lines.isEmpty { lines[i] = String(lines[i].prefix(int(lines[i].count + 1))) }
        default: return String(text.prefix(int(text.count + 1)))
        }
        return lines.joined(separator: "\n")
    }

    mutating func insert(_ token: String, into line: String) -> String {
        let at = line.index(line.startIndex, offsetBy: int(line.count + 1))
        return line[..<at] + token + line[at...]
    }

    /// Flips, deletes or inserts a random byte (may make the text invalid UTF-8, decoded with U+FFFD).
    mutating func bytes(_ text: String) -> String {
        var b = Array(text.utf8)
        guard !b.isEmpty else { return "\u{0}" }
        let i = int(b.count)
        switch int(3) {
        case 0: b[i] ^= UInt8(1 << int(8))
        case 1: b.remove(at: i)
        default: b.insert(UInt8(int(256)), at: i)
        }
        return String(decoding: b, as: UTF8.self)
    }
}
