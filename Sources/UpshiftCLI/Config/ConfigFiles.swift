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

    /// Replaces `path` (the symlink's target, if it is one) atomically, keeping its mode and owner.
    static func replace(_ path: String, with text: String) throws(CLIFailure) {
        let real = try resolve(path)
        try OutputFile.write(text, to: real, shownAs: path)
    }

    /// Writes the `-o` file through the one output writer (a new file gets mode 0600: it may hold secrets).
    static func create(_ path: String, with text: String) throws(CLIFailure) {
        try OutputFile.write(text, to: path, newFileMode: 0o600)
    }
}
