import Foundation
import UpshiftModel

/// The directory an operator names for a command that writes several files (`export ansible -o DIR`).
///
/// - A missing directory is created with mode 0700 (its parent must exist): what goes in it can
///   name hosts and commands, like the state directory.
/// - An existing directory (or a symbolic link to one) is used as it is; its files are written by
///   `OutputFile` (each replaced atomically).
/// - Anything else (a file, a device, a dangling link) is refused with exit 64, naming the path.
enum OutputDirectory {
    static func prepare(_ path: String) throws(CLIFailure) {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw CLIFailure("is not a directory; name a new or existing directory for the files; nothing was written",
                                 id: "output.not-a-directory", code: UpshiftExit.usage, file: path)
            }
            return
        }
        guard errno == ENOENT else {
            throw CLIFailure("cannot inspect it (\(String(cString: strerror(errno))))", id: "output.write", code: UpshiftExit.failure, file: path)
        }
        var lst = stat()
        if lstat(path, &lst) == 0 {
            throw CLIFailure("is a symbolic link to nothing; nothing was written", id: "output.dangling-link", code: UpshiftExit.usage, file: path)
        }
        guard mkdir(path, 0o700) == 0 else {
            throw CLIFailure("cannot create the directory (\(String(cString: strerror(errno))))", id: "output.write", code: UpshiftExit.failure, file: path)
        }
    }

    /// `name` inside `directory`.
    static func file(_ directory: String, _ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}
