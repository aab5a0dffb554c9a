import Foundation
import UpshiftConfigEditor
import UpshiftModel

/// File I/O of `upshift config`: careful reads, and writes that never modify or truncate the
/// original on error (temp file in the same directory, mode kept, then rename).
enum ConfigFiles {
    static let maxBytes = 20 * 1024 * 1024

    /// The real path of `path` (through symlinks); refuses loops, missing files and non-files.
    static func resolve(_ path: String) throws(CLIFailure) -> String {
        guard let resolved = realpath(path, nil) else {
            let e = errno
            let why = e == ELOOP ? "symbolic link loop" : e == ENOENT ? "no such file" : String(cString: strerror(e))
            throw CLIFailure(why, id: e == ELOOP ? "config.symlink-loop" : "config.unreadable", code: UpshiftExit.invalidInput, file: path)
        }
        defer { free(resolved) }
        let real = String(cString: resolved)
        var st = stat()
        guard stat(real, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw CLIFailure("not a regular file", id: "config.not-a-file", code: UpshiftExit.invalidInput, file: path)
        }
        guard Int(st.st_size) <= maxBytes else {
            throw CLIFailure("file is \(Int(st.st_size) / 1024 / 1024) MB, larger than the \(maxBytes / 1024 / 1024) MB a config file can be",
                             id: "config.too-large", code: UpshiftExit.invalidInput, file: path)
        }
        return real
    }

    /// Reads and parses a config file; parse problems become diagnostics with file:line (exit 65).
    static func load(_ path: String) throws(CLIFailure) -> ConfigDocument {
        let real = try resolve(path)
        guard let data = FileManager.default.contents(atPath: real) else {
            throw CLIFailure("cannot read the file (permissions?)", id: "config.unreadable", code: UpshiftExit.invalidInput, file: path)
        }
        do { return try ConfigDocument.parse(bytes: [UInt8](data), sourceName: path) } catch { throw CLIFailure.invalid(error) }
    }

    /// Replaces `path` (the symlink's target, if it is one) atomically, keeping its mode.
    static func replace(_ path: String, with text: String) throws(CLIFailure) {
        let real = try resolve(path)
        guard access(real, W_OK) == 0 else {
            throw CLIFailure("the file is not writable; nothing was changed", id: "config.not-writable", code: UpshiftExit.failure, file: path)
        }
        var st = stat()
        _ = stat(real, &st)
        try writeFile(text, to: real, mode: st.st_mode & 0o7777, owner: (st.st_uid, st.st_gid), shownAs: path)
    }

    /// Writes a new file (or replaces one) atomically with mode 0600 unless it exists.
    static func create(_ path: String, with text: String) throws(CLIFailure) {
        var st = stat()
        if lstat(path, &st) == 0 { try replace(path, with: text); return }
        try writeFile(text, to: path, mode: 0o600, owner: nil, shownAs: path)
    }

    static func writeFile(_ text: String, to real: String, mode: mode_t, owner: (uid_t, gid_t)?, shownAs: String) throws(CLIFailure) {
        let temp = real + ".upshift-tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw CLIFailure("cannot create a temporary file beside it (\(String(cString: strerror(errno)))); nothing was changed",
                             id: "config.not-writable", code: UpshiftExit.failure, file: shownAs)
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            written += n
        }
        let ok = written == bytes.count && fsync(fd) == 0 && fchmod(fd, mode) == 0
        if let owner { _ = fchown(fd, owner.0, owner.1) }
        close(fd)
        guard ok, rename(temp, real) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw CLIFailure("writing failed (\(why)); the original file is unchanged", id: "config.write-failed", code: UpshiftExit.failure, file: shownAs)
        }
    }
}
