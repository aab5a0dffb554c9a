import Foundation

/// This machine's processes, from /proc (Linux): to find the ssh control masters and the lab
/// shells that our own test processes started, by a path only they carry.
enum ProcTable {
    /// The command line of `pid`, its arguments joined with spaces ("" when it is gone).
    static func commandLine(_ pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data, as: UTF8.self).split(separator: "\0").joined(separator: " ")
    }

    /// The parent of `pid` (field 4 of /proc/PID/stat, after the parenthesised command name).
    static func parent(_ pid: Int32) -> Int32? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    static var all: [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
    }

    static func pids(whereCommandLineContains text: String) -> [Int32] {
        all.filter { $0 != getpid() && commandLine($0).contains(text) }
    }

    static func children(of pid: Int32) -> [Int32] { all.filter { parent($0) == pid } }
}
