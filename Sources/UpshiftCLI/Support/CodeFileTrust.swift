import Foundation
import UpshiftModel

/// Pack and platform files are code that runs as root on every host: `apply` (and `resume`,
/// `rollback`) refuse one that a user other than the one running upshift (or root) could change.
enum CodeFileTrust {
    /// The problems of `path` and its directory: writable by group or others, or owned by another user.
    static func problems(_ path: String, what: String) -> [Diagnostic] {
        let me = geteuid()
        var out: [String] = []
        func check(_ p: String, isDirectory: Bool) {
            var st = stat()
            guard stat(p, &st) == 0 else { return }
            let mode = st.st_mode & 0o7777
            let sticky = mode & 0o1000 != 0
            if st.st_uid != me && st.st_uid != 0 {
                out.append("\(isDirectory ? "its directory " : "")\(p) is owned by uid \(st.st_uid), not by you (uid \(me)) or root")
            }
            if mode & 0o022 != 0 && !(isDirectory && sticky) {
                out.append("\(isDirectory ? "its directory " : "")\(p) is writable by \(mode & 0o002 != 0 ? "every user" : "its group") (mode \(String(mode, radix: 8)))")
            }
        }
        check(path, isDirectory: false)
        let dir = (path as NSString).deletingLastPathComponent
        check(dir.isEmpty ? "." : dir, isDirectory: true)
        return out.map { why in
            Diagnostic(id: "apply.untrusted-code-file", severity: .error,
                summary: "the \(what) \(path) runs as root on every host, but \(why): refusing to run it",
                fix: "make it yours and writable only by you (chown, chmod go-w) in a directory only you can write",
                subject: .init(location: SourceLocation(file: path)))
        }
    }
}
