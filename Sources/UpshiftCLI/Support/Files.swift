import Foundation
import UpshiftModel

/// File reading for the CLI with operator-friendly errors (the pure core never reads files).
public enum InputFiles {
    public static let maxBytes = 20 * 1024 * 1024

    /// Reads a UTF-8 text file; rejects missing, unreadable, huge, binary and non-UTF-8 files.
    public static func readText(_ path: String, maxBytes: Int = InputFiles.maxBytes) throws(CLIFailure) -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CLIFailure("no such file", id: "input.missing", code: UpshiftExit.invalidInput, file: path)
        }
        if isDir.boolValue { throw CLIFailure("is a directory, not a file", id: "input.directory", code: UpshiftExit.invalidInput, file: path) }
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
            throw CLIFailure("file is larger than \(maxBytes / 1024 / 1024) MB", id: "input.too-large", code: UpshiftExit.invalidInput, file: path)
        }
        guard let data = fm.contents(atPath: path) else {
            throw CLIFailure("cannot read the file (permissions?)", id: "input.unreadable", code: UpshiftExit.invalidInput, file: path)
        }
        if data.contains(0) { throw CLIFailure("binary content (NUL byte)", id: "input.binary", code: UpshiftExit.invalidInput, file: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure("not valid UTF-8", id: "input.encoding", code: UpshiftExit.invalidInput, file: path)
        }
        return text
    }
}
