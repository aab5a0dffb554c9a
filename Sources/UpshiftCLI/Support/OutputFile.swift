import Foundation
import UpshiftModel

/// The one writer of every path an operator names (`-o`, `--write`, the remembered inputs).
///
/// - `-` is standard output.
/// - A character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written through:
///   it is opened and written, never replaced.
/// - A regular file is replaced atomically: a temporary file beside it, its mode and owner kept,
///   fsync, then rename; an error leaves the original untouched.
/// - A symbolic link is written through: its final target is what gets replaced (or written to),
///   and the link stays a link. A link to nothing is refused.
/// - Anything else (a directory, a socket, a block device) is refused with exit 64, naming the path.
public enum OutputFile {
    /// Writes `text` to `path` as above; a new file gets `newFileMode`.
    public static func write(_ text: String, to path: String, newFileMode: mode_t = 0o644, shownAs: String? = nil) throws(CLIFailure) {
        if path == "-" { return try writeAll(Array(text.utf8), fd: 1, shownAs: "standard output") }
        let shown = shownAs ?? path
        let target = try resolve(path, shownAs: shown)
        var st = stat()
        guard lstat(target, &st) == 0 else {
            guard errno == ENOENT else { throw failure("cannot inspect it (\(String(cString: strerror(errno))))", shown) }
            return try replace(target, with: text, mode: newFileMode, owner: nil, shownAs: shown)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            guard access(target, W_OK) == 0 else { throw failure("the file is not writable; nothing was changed", shown) }
            try replace(target, with: text, mode: st.st_mode & 0o7777, owner: (st.st_uid, st.st_gid), shownAs: shown)
        case S_IFCHR, S_IFIFO: try writeThrough(target, text, shownAs: shown)
        default: throw refused(kind(st.st_mode), shown)
        }
    }

    /// The path to write: `path` itself, or the final target of a symbolic link.
    static func resolve(_ path: String, shownAs: String) throws(CLIFailure) -> String {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return path }
        guard let real = realpath(path, nil) else {
            let e = errno
            let why = e == ELOOP ? "a symbolic link loop" : e == ENOENT ? "a symbolic link to a missing file" : String(cString: strerror(e))
            throw CLIFailure("is \(why); nothing was written", id: "output.dangling-link", code: UpshiftExit.usage, file: shownAs)
        }
        defer { free(real) }
        return String(cString: real)
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFSOCK: return "a socket"
        case S_IFBLK: return "a block device"
        default: return "not a regular file, character device or FIFO"
        }
    }

    static func refused(_ kind: String, _ path: String) -> CLIFailure {
        CLIFailure("is \(kind); upshift writes only a regular file, a character device, a FIFO or - (standard output); nothing was written",
                   id: "output.not-a-file", code: UpshiftExit.usage, file: path)
    }

    static func failure(_ why: String, _ path: String) -> CLIFailure {
        CLIFailure(why, id: "output.write", code: UpshiftExit.failure, file: path)
    }

    /// Opens a device or FIFO for writing (no create, no truncate, no following a link) and writes.
    static func writeThrough(_ target: String, _ text: String, shownAs: String) throws(CLIFailure) {
        let fd = open(target, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open it for writing (\(String(cString: strerror(errno))))", shownAs) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, [S_IFCHR, S_IFIFO].contains(st.st_mode & S_IFMT) else { throw refused(kind(st.st_mode), shownAs) }
        try writeAll(Array(text.utf8), fd: fd, shownAs: shownAs)
    }

    static func writeAll(_ bytes: [UInt8], fd: Int32, shownAs: String) throws(CLIFailure) {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw failure("writing failed (\(String(cString: strerror(errno))))", shownAs) }
            written += n
        }
    }

    /// Temp file beside `target` (mkstemp, 0600), mode and owner set, fsync, rename over `target`.
    static func replace(_ target: String, with text: String, mode: mode_t, owner: (uid_t, gid_t)?, shownAs: String) throws(CLIFailure) {
        let dir = (target as NSString).deletingLastPathComponent
        var template = Array(((dir.isEmpty ? "." : dir) + "/." + (target as NSString).lastPathComponent + ".upshift-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw failure("cannot create a temporary file beside it (\(String(cString: strerror(errno)))); nothing was changed", shownAs)
        }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var why: String?
        func note(_ what: String) { if why == nil { why = "\(what) (\(String(cString: strerror(errno))))" } }
        do { try writeAll(Array(text.utf8), fd: fd, shownAs: shownAs) } catch { note("writing failed") }
        if why == nil, let owner, fchown(fd, owner.0, owner.1) != 0, geteuid() == 0 { note("cannot keep the file's owner") }
        if why == nil, fchmod(fd, mode) != 0 || fsync(fd) != 0 { note("writing failed") }
        close(fd)
        if why == nil, rename(temp, target) != 0 { note("cannot replace it") }
        guard let why else { return }
        unlink(temp)
        throw failure("\(why); the original file is unchanged", shownAs)
    }
}
