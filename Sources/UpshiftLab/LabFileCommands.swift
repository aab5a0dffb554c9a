import Foundation

/// The file commands of the config-edit protocol (docs/commands.md) and a few text tools.
extension LabSession {
    func cat(_ args: [String]) -> Int32 {
        let paths = args.filter { !$0.hasPrefix("-") || $0 == "-" }
        if paths.isEmpty { io.out += readStdin(); return 0 }
        guard let h = snapshot()?.host(host) else { return 1 }
        var status: Int32 = 0
        for p in paths {
            if p == "-" { io.out += readStdin(); continue }
            if let f = h.file(at: p) { io.print(f.content) } else if h.files.keys.contains(where: { $0.hasPrefix(p + "/") }) {
                io.error("cat: \(p): Is a directory\n"); status = 1
            } else { io.error("cat: \(p): No such file or directory\n"); status = 1 }
        }
        return status
    }

    /// Writes bytes to an emulated file (a new file gets mode 0666 & ~umask, owned by the user).
    func writeFile(_ path: String, _ data: [UInt8], append: Bool) -> Int32? {
        let text = String(decoding: data, as: UTF8.self)
        let mode = String(format: "%04o", 0o666 & ~umask)
        let ok = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in
            // Through a link, as open(O_CREAT) goes: a dangling link's target is created.
            guard let path = s.hosts[i].resolve(path) else { throw LabError("sh: \(path): Too many levels of symbolic links") }
            if var f = s.hosts[i].files[path] { f.content = append ? f.content + text : text; s.hosts[i].files[path] = f } else {
                s.hosts[i].files[path] = LabFile(text, mode: mode, owner: user, group: user)
            }
            return true
        }
        return ok == nil ? 1 : nil
    }

    func test(_ args: [String]) -> Int32 {
        if args.first == "!", args.count > 1 {
            let r = test(Array(args.dropFirst()))
            return r == 2 ? 2 : (r == 0 ? 1 : 0)
        }
        guard args.count == 2, let h = snapshot()?.host(host) else { return args.count == 1 && !args[0].isEmpty ? 0 : 1 }
        let f = h.file(at: args[1])
        let isDir = args[1] == "/" || h.files.keys.contains { $0.hasPrefix(args[1] + "/") } || args[1].hasPrefix("/var/lib/upshift")
        switch args[0] {
        case "-L", "-h": return h.files[args[1]]?.link != nil ? 0 : 1
        case "-s": return (f?.content.isEmpty == false) ? 0 : 1
        case "-f", "-r": return f != nil ? 0 : 1
        case "-e": return f != nil || isDir ? 0 : 1
        case "-d": return isDir && f == nil ? 0 : 1
        case "-n": return args[1].isEmpty ? 1 : 0
        case "-z": return args[1].isEmpty ? 0 : 1
        default: io.error("sh: test: \(args[0]): unary operator expected\n"); return 2
        }
    }

    func cp(_ args: [String]) -> Int32 {
        let preserve = args.contains { $0.hasPrefix("-") && ($0.contains("p") || $0.contains("a")) }
        let paths = args.filter { !$0.hasPrefix("-") }
        guard paths.count == 2 else { io.error("cp: missing destination file operand\n"); return 1 }
        // The source is read through a link; an existing destination link is written through.
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> String? in
            guard let src = s.hosts[i].file(at: paths[0]) else { return "cp: cannot stat '\(paths[0])': No such file or directory\n" }
            let dest: String
            switch writeTarget(s.hosts[i], paths[1], tool: "cp") { case .success(let d): dest = d; case .failure(let e): return e.description + "\n" }
            var copy = src
            if !preserve, let existing = s.hosts[i].files[dest] { copy = LabFile(src.content, mode: existing.mode, owner: existing.owner, group: existing.group) }
            s.hosts[i].files[dest] = copy
            return nil
        }
        guard let r else { return 1 }
        if let r { io.error(r); return 1 }
        return 0
    }

    func mv(_ args: [String]) -> Int32 {
        let paths = args.filter { !$0.hasPrefix("-") }
        guard paths.count == 2 else { io.error("mv: missing destination file operand\n"); return 1 }
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in
            guard let src = s.hosts[i].files.removeValue(forKey: paths[0]) else { return false }
            s.hosts[i].files[paths[1]] = src
            return true
        }
        if r == false { io.error("mv: cannot stat '\(paths[0])': No such file or directory\n") }
        return r == true ? 0 : 1
    }

    func rm(_ args: [String]) -> Int32 {
        let force = args.contains { $0.hasPrefix("-") && $0.contains("f") }
        let paths = args.filter { !$0.hasPrefix("-") }
        var status: Int32 = 0
        for p in paths {
            let removed = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in s.hosts[i].files.removeValue(forKey: p) != nil }
            if removed == false && !force { io.error("rm: cannot remove '\(p)': No such file or directory\n"); status = 1 }
        }
        return status
    }

    /// `chmod --reference=REF FILE`, `chown --reference=REF FILE`, and `chmod MODE FILE`.
    func chattr(_ name: String, _ args: [String]) -> Int32 {
        let reference = args.first { $0.hasPrefix("--reference=") }.map { String($0.dropFirst("--reference=".count)) }
        let operands = args.filter { !$0.hasPrefix("-") }
        guard let path = operands.last else { io.error("\(name): missing operand\n"); return 1 }
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> String? in
            guard let path = s.hosts[i].resolve(path), var f = s.hosts[i].files[path] else { return "\(name): cannot access '\(path)': No such file or directory\n" }
            if let reference {
                guard let ref = s.hosts[i].file(at: reference) else { return "\(name): failed to get attributes of '\(reference)': No such file or directory\n" }
                if name == "chmod" { f.mode = ref.mode } else { f.owner = ref.owner; f.group = ref.group }
            } else if operands.count == 2 {
                if name == "chmod" { f.mode = operands[0] } else {
                    let parts = operands[0].split(separator: ":").map(String.init)
                    f.owner = parts.first ?? f.owner; if parts.count > 1 { f.group = parts[1] }
                }
            }
            s.hosts[i].files[path] = f
            return nil
        }
        guard let r else { return 1 }
        if let r { io.error(r); return 1 }
        return 0
    }

    func lines(_ data: [UInt8]) -> [String] {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty()
    }

    func grep(_ args: [String]) -> Int32 {
        // `-e PATTERN` (repeatable) names the patterns; otherwise the first operand is the pattern.
        var flags = "", patterns: [String] = [], operands: [String] = []
        var rest = args[...]
        while let a = rest.popFirst() {
            if a == "-e" { if let p = rest.popFirst() { patterns.append(p) }; continue }
            if a.hasPrefix("-") { flags += a } else { operands.append(a) }
        }
        if patterns.isEmpty, !operands.isEmpty { patterns = [operands.removeFirst()] }
        guard !patterns.isEmpty else { io.error("Usage: grep [OPTION]... PATTERNS [FILE]...\n"); return 2 }
        // Standard input only without file operands, as real grep (an ssh client may never close it).
        var input: [UInt8] = []
        if operands.isEmpty { input = readStdin() } else { let saved = io.out; io.out = []; _ = cat(operands); input = io.out; io.out = saved }
        let ci = flags.contains("i"), invert = flags.contains("v"), whole = flags.contains("x")
        let matched = lines(input).filter { line in
            let hit = patterns.contains { p in
                let (l, p) = ci ? (line.lowercased(), p.lowercased()) : (line, p)
                return whole ? l == p : l.contains(p)
            }
            return hit != invert
        }
        if !flags.contains("q") { io.print(flags.contains("c") ? "\(matched.count)\n" : matched.map { $0 + "\n" }.joined()) }
        return matched.isEmpty ? 1 : 0
    }

    func head(_ args: [String]) -> Int32 {
        var n = 10
        if let i = args.firstIndex(of: "-n"), i + 1 < args.count { n = Int(args[i + 1]) ?? 10 }
        else if let a = args.first, a.hasPrefix("-"), let v = Int(a.dropFirst()) { n = v }
        io.print(lines(readStdin()).prefix(n).map { $0 + "\n" }.joined()); return 0
    }

    func wc(_ args: [String]) -> Int32 {
        let data = readStdin()
        io.print(args.contains("-l") ? "\(data.filter { $0 == 10 }.count)\n" : "\(data.count)\n"); return 0
    }

    /// `find DIR -name 'GLOB'` over the emulated files (enough for `find /etc -name '*.rpmnew'`).
    func find(_ args: [String]) -> Int32 {
        guard let root = args.first, let h = snapshot()?.host(host) else { return 1 }
        let glob = args.firstIndex(of: "-name").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
        let hits = h.files.keys.sorted().filter { path in
            path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
                && (glob.map { LabGlob.matches($0, String(path.split(separator: "/").last ?? "")) } ?? true)
        }
        io.print(hits.map { $0 + "\n" }.joined()); return 0
    }
}

extension Array where Element == String {
    func dropLastIfEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}

/// Shell glob matching (`*`, `?`), as yum and find use it.
enum LabGlob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        func m(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" { return (j...t.count).contains { m(i + 1, $0) } }
            guard j < t.count else { return false }
            return (p[i] == "?" || p[i] == t[j]) && m(i + 1, j + 1)
        }
        return m(0, 0)
    }
}
