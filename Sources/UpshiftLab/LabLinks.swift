/// Symbolic links to files, as a real host follows them: reads, `>`, `cp` onto an existing
/// destination, `chmod`/`chown` and `test -e/-f/-s` go through a link; `mv` and `rm` act on the link
/// itself (so `mv -f NEW LINK` replaces the link with a regular file, as on a real host).
extension LabHost {
    /// Linux's limit on links followed in one lookup (ELOOP beyond it).
    static let maxLinks = 40

    /// The path `path` leads to after following links; nil for a loop. The result may not exist
    /// (a dangling link).
    public func resolve(_ path: String) -> String? {
        var p = path
        for _ in 0...Self.maxLinks {
            guard let target = files[p]?.link else { return p }
            p = Self.normalize(target.hasPrefix("/") ? target : Self.directory(of: p) + "/" + target)
        }
        return nil
    }

    /// The file `path` leads to (through links); nil when missing, dangling or a loop.
    public func file(at path: String) -> LabFile? { resolve(path).flatMap { files[$0] } }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "" }
        return String(path[..<slash])
    }

    /// `/a/./b/../c` → `/a/c`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/") where c != "." {
            if c == ".." { _ = parts.popLast() } else { parts.append(c) }
        }
        return "/" + parts.joined(separator: "/")
    }
}

extension LabSession {
    /// Where a write to `path` lands: the link's target for a link; an error for a dangling or looping link.
    func writeTarget(_ h: LabHost, _ path: String, tool: String) -> Result<String, LabError> {
        guard let target = h.resolve(path) else { return .failure(LabError("\(tool): \(path): Too many levels of symbolic links")) }
        if target != path, h.files[target] == nil { return .failure(LabError("\(tool): not writing through dangling symlink '\(path)'")) }
        return .success(target)
    }

    /// `readlink [-e|-f|-m] [-v] [-n] [--] FILE`: the link's target, or with -e/-f/-m the resolved path
    /// (-e: it must exist). Fails silently unless -v.
    func readlink(_ args: [String]) -> Int32 {
        var flags = "", operands: [String] = [], endOfOptions = false
        for a in args {
            if !endOfOptions, a == "--" { endOfOptions = true } else if !endOfOptions, a.hasPrefix("-"), a.count > 1 { flags += a.dropFirst() } else { operands.append(a) }
        }
        guard operands.count == 1, let path = operands.first, let h = snapshot()?.host(host) else {
            io.error("readlink: missing operand\n"); return 1
        }
        let newline = flags.contains("n") ? "" : "\n"
        func fail(_ why: String) -> Int32 { if flags.contains("v") { io.error("readlink: \(path): \(why)\n") }; return 1 }
        guard flags.contains("e") || flags.contains("f") || flags.contains("m") else {
            guard let target = h.files[path]?.link else { return fail(h.files[path] == nil ? "No such file or directory" : "Invalid argument") }
            io.print(target + newline); return 0
        }
        guard let resolved = h.resolve(path.hasPrefix("/") ? path : "/root/" + path) else { return fail("Too many levels of symbolic links") }
        if flags.contains("e"), h.files[resolved] == nil { return fail("No such file or directory") }
        io.print(resolved + newline); return 0
    }

    /// `ln -s [-f] TARGET LINK`: makes a symbolic link (only -s is modelled).
    func ln(_ args: [String]) -> Int32 {
        let flags = args.filter { $0.hasPrefix("-") && $0 != "--" }.joined()
        let operands = args.filter { !$0.hasPrefix("-") }
        guard flags.contains("s"), operands.count == 2 else { io.error("ln: the lab models only ln -s [-f] TARGET LINK\n"); return 1 }
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in
            if s.hosts[i].files[operands[1]] != nil, !flags.contains("f") { return false }
            var link = LabFile("", mode: "0777", owner: user, group: user)
            link.link = operands[0]
            s.hosts[i].files[operands[1]] = link
            return true
        }
        if r == false { io.error("ln: failed to create symbolic link '\(operands[1])': File exists\n") }
        return r == true ? 0 : 1
    }

    /// `xargs [-d DELIM] [-0] [-r] CMD ARGS…`: runs CMD with ARGS and the items read from stdin
    /// (GNU's exit statuses: 123 when the command failed, 124 for 255, 126/127 passed on).
    func xargs(_ args: [String], env: inout [String: String]) async -> Int32 {
        var rest = args[...], delimiter: Character? = nil, skipEmpty = false
        while let a = rest.first, a.hasPrefix("-") {
            rest.removeFirst()
            if a == "--" { break }
            if a == "-0" { delimiter = "\0" } else if a == "-r" || a == "--no-run-if-empty" { skipEmpty = true }
            else if a == "-d", let d = rest.popFirst() { delimiter = d == "\\n" ? "\n" : d == "\\0" ? "\0" : d.first }
            else { io.error("xargs: the lab does not model option \(a)\n"); return 1 }
        }
        let input = String(decoding: readStdin(), as: UTF8.self)
        let items = delimiter.map { d in input.split(separator: d).map(String.init) }
            ?? input.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        if items.isEmpty && skipEmpty { return 0 }
        let command = Array(rest) + items
        guard let name = command.first else { io.print(items.joined(separator: " ") + "\n"); return 0 }
        io.stdin = []
        let status = await dispatch(name, Array(command.dropFirst()), env: &env)
        switch status {
        case 0, 126, 127: return status
        case 255: return 124
        default: return 123
        }
    }
}
