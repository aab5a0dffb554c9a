/// `mkdir` and `rmdir`. Directories are implicit in the lab (a path is one when a file lies under
/// it), except a directory `mkdir` makes empty: it is kept as the key `DIR/` until `rmdir`.
/// Without `-p`, `mkdir` of an existing directory or file fails, and the check and the creation are
/// one update of the lab's state under its lock: atomic, as mkdir(2) is, which lock directories rely on.
extension LabSession {
    func mkdir(_ args: [String]) -> Int32 {
        let parents = args.contains { $0.hasPrefix("-") && $0.contains("p") }
        let paths = args.filter { !$0.hasPrefix("-") }
        guard !paths.isEmpty else { io.error("mkdir: missing operand\n"); return 1 }
        var status: Int32 = 0
        for path in paths {
            let dir = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            let created = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in
                let files = s.hosts[i].files
                if files[dir] != nil || files.keys.contains(where: { $0.hasPrefix(dir + "/") }) { return false }
                if !parents { s.hosts[i].files[dir + "/"] = LabFile("", mode: "0755") }
                return true
            }
            switch created {
            case .none: status = 1
            case .some(false) where !parents: io.error("mkdir: cannot create directory '\(path)': File exists\n"); status = 1
            default: break
            }
        }
        return status
    }

    func rmdir(_ args: [String]) -> Int32 {
        var status: Int32 = 0
        for path in args.filter({ !$0.hasPrefix("-") }) {
            let dir = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            let error = withHost { (s: inout LabState, i: Int) throws(LabError) -> String? in
                let under = s.hosts[i].files.keys.filter { $0.hasPrefix(dir + "/") }
                if under.isEmpty { return "rmdir: failed to remove '\(path)': No such file or directory\n" }
                if under != [dir + "/"] { return "rmdir: failed to remove '\(path)': Directory not empty\n" }
                s.hosts[i].files.removeValue(forKey: dir + "/")
                return nil
            }
            if let error { io.error(error ?? ""); status = 1 }
        }
        return status
    }
}
