/// A minimal reader and editor of oslo.config INI text, enough for the lab's daemons to read their
/// config at start and for `openstack-config`. (The lossless editor lives in UpshiftConfigEditor; the
/// lab keeps its own reader so a bug there cannot hide a bug in a plan.)
enum LabINI {
    /// `section/key` → value for every assignment (the last one wins, like oslo.config for single options).
    static func values(_ text: String) -> [String: String] {
        var section = "DEFAULT"
        var out: [String: String] = [:]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.labTrim(" \t\r")
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") { section = String(line.dropFirst().dropLast()); continue }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].labTrim(" \t")
            let value = line[line.index(after: eq)...].labTrim(" \t")
            out["\(section)/\(key)"] = value
        }
        return out
    }

    /// Sets `key` in `section` (adding the section at the end if missing), like `crudini --set`.
    static func set(_ text: String, section: String, key: String, value: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var current = "DEFAULT", sectionEnd: Int?
        for (i, raw) in lines.enumerated() {
            let line = raw.labTrim(" \t\r")
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()); if current == section { sectionEnd = i + 1 }
                continue
            }
            if current == section { sectionEnd = i + 1 }
            if current == section, let eq = line.firstIndex(of: "="), !line.hasPrefix("#"),
               line[..<eq].labTrim(" \t") == key {
                lines[i] = "\(key) = \(value)"
                return lines.joined(separator: "\n") + "\n"
            }
        }
        if let end = sectionEnd { lines.insert("\(key) = \(value)", at: end) } else {
            lines += ["", "[\(section)]", "\(key) = \(value)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Removes `key` from `section`, like `crudini --del`.
    static func delete(_ text: String, section: String, key: String) -> String {
        var current = "DEFAULT"
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.labTrim(" \t\r")
            if line.hasPrefix("["), line.hasSuffix("]") { current = String(line.dropFirst().dropLast()) }
            if current == section, let eq = line.firstIndex(of: "="), !line.hasPrefix("#"),
               line[..<eq].labTrim(" \t") == key { continue }
            out.append(String(raw))
        }
        return out.joined(separator: "\n")
    }

    /// True for oslo.config's true spellings.
    static func isTrue(_ value: String?) -> Bool {
        guard let v = value?.lowercased() else { return false }
        return ["true", "1", "yes", "on"].contains(v)
    }
}

extension String {
    func labTrim(_ set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func labTrim(_ set: String) -> String { String(self).labTrim(set) }
}
