/// The subset of POSIX shell grammar that docs/commands.md promises: words with single quotes,
/// double quotes and backslashes, `$NAME` expansion, `&&`, `||`, `;`, `|`, and redirections.
/// Command substitution is refused (a syntax error), never executed.
struct ShellScript: Equatable {
    enum Connector: Equatable { case always, and, or }
    struct Redirect: Equatable {
        /// 1 or 2 for output, 0 for input.
        var fd: Int
        var append: Bool
        /// A path, or `&1` for `2>&1`.
        var target: String
    }
    struct Command: Equatable {
        var words: [String]
        var redirects: [Redirect]
    }
    /// Pipelines in order, each with how it connects to the previous one.
    var pipelines: [(Connector, [Command])]

    static func == (a: ShellScript, b: ShellScript) -> Bool {
        a.pipelines.count == b.pipelines.count && zip(a.pipelines, b.pipelines).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// A syntax error with bash's wording.
struct ShellSyntaxError: Error, Equatable { var message: String }

enum ShellParser {
    enum Token: Equatable { case word(String), op(String) }

    /// Parses a script. `env` supplies `$NAME` values (unset names expand to nothing).
    static func parse(_ text: String, env: [String: String]) throws(ShellSyntaxError) -> ShellScript {
        let tokens = try tokenize(text, env: env)
        var pipelines: [(ShellScript.Connector, [ShellScript.Command])] = []
        var connector = ShellScript.Connector.always
        var pipeline: [ShellScript.Command] = []
        var current = ShellScript.Command(words: [], redirects: [])
        var i = 0
        func endCommand() throws(ShellSyntaxError) {
            if current.words.isEmpty && current.redirects.isEmpty { throw ShellSyntaxError(message: "syntax error near unexpected token") }
            pipeline.append(current); current = .init(words: [], redirects: [])
        }
        while i < tokens.count {
            switch tokens[i] {
            case .word(let w): current.words.append(w)
            case .op(let o) where o.hasSuffix(">") || o == "<" || o == ">>" || o == "2>>":
                guard i + 1 < tokens.count, case .word(let target) = tokens[i + 1] else {
                    throw ShellSyntaxError(message: "syntax error near unexpected token `newline'")
                }
                let fd = o.hasPrefix("2") ? 2 : (o == "<" ? 0 : 1)
                current.redirects.append(.init(fd: fd, append: o.hasSuffix(">>"), target: target)); i += 1
            case .op("2>&1"): current.redirects.append(.init(fd: 2, append: false, target: "&1"))
            case .op("|"): try endCommand()
            case .op(let o):
                if current.words.isEmpty && current.redirects.isEmpty && pipeline.isEmpty {
                    if o == ";" && pipelines.isEmpty { i += 1; continue }
                    throw ShellSyntaxError(message: "syntax error near unexpected token `\(o)'")
                }
                try endCommand()
                pipelines.append((connector, pipeline)); pipeline = []
                connector = o == "&&" ? .and : o == "||" ? .or : .always
            }
            i += 1
        }
        if !current.words.isEmpty || !current.redirects.isEmpty { try endCommand() }
        if !pipeline.isEmpty { pipelines.append((connector, pipeline)) } else if connector != .always {
            throw ShellSyntaxError(message: "syntax error: unexpected end of file")
        }
        return ShellScript(pipelines: pipelines)
    }

    static func tokenize(_ text: String, env: [String: String]) throws(ShellSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var word = "", inWord = false
        let chars = Array(text)
        var i = 0
        func flush() { if inWord { tokens.append(.word(word)) }; word = ""; inWord = false }
        func variable() throws(ShellSyntaxError) -> String {
            // At chars[i] == "$"
            if i + 1 < chars.count, chars[i + 1] == "(" { throw ShellSyntaxError(message: "command substitution is not supported by the lab shell") }
            var name = ""
            var j = i + 1
            let braced = j < chars.count && chars[j] == "{"
            if braced { j += 1 }
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { name.append(chars[j]); j += 1 }
            if braced { guard j < chars.count, chars[j] == "}" else { throw ShellSyntaxError(message: "bad substitution") }; j += 1 }
            if name.isEmpty { i += 1; return "$" }
            i = j
            return env[name] ?? ""
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t": flush(); i += 1
            case "\n", ";": flush(); tokens.append(.op(";")); i += 1
            case "#" where !inWord:
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "`": throw ShellSyntaxError(message: "command substitution is not supported by the lab shell")
            case "'":
                inWord = true; i += 1
                while i < chars.count, chars[i] != "'" { word.append(chars[i]); i += 1 }
                guard i < chars.count else { throw ShellSyntaxError(message: "unexpected EOF while looking for matching `''") }
                i += 1
            case "\"":
                inWord = true; i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count, "\"\\$`\n".contains(chars[i + 1]) { word.append(chars[i + 1]); i += 2; continue }
                    if chars[i] == "$" { word += try variable(); continue }
                    if chars[i] == "`" { throw ShellSyntaxError(message: "command substitution is not supported by the lab shell") }
                    word.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw ShellSyntaxError(message: "unexpected EOF while looking for matching `\"'") }
                i += 1
            case "\\":
                inWord = true
                if i + 1 < chars.count { if chars[i + 1] != "\n" { word.append(chars[i + 1]) }; i += 2 } else { i += 1 }
            case "$": inWord = true; word += try variable()
            case "&", "|", ">", "<":
                if c == ">" || c == "<", inWord, word == "2", c == ">" {
                    word = ""; inWord = false
                    if text.dropFirst(i).hasPrefix(">&1") { tokens.append(.op("2>&1")); i += 3; continue }
                    if text.dropFirst(i).hasPrefix(">>") { tokens.append(.op("2>>")); i += 2 } else { tokens.append(.op("2>")); i += 1 }
                    continue
                }
                flush()
                let rest = String(chars[i..<min(i + 2, chars.count)])
                if rest == "&&" || rest == "||" || rest == ">>" { tokens.append(.op(rest)); i += 2 }
                else if c == "&" { throw ShellSyntaxError(message: "background jobs are not supported by the lab shell") }
                else { tokens.append(.op(String(c))); i += 1 }
            default: inWord = true; word.append(c); i += 1
            }
        }
        flush()
        return tokens
    }
}
