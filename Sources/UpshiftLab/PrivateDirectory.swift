import Foundation

/// Directories that hold keys, pid files and logs of a lab: private to the user running it.
public enum PrivateDirectory {
    /// Makes `path` a private directory: creates it (mode 0700, parents as usual) when absent;
    /// when present, refuses a symbolic link, a non-directory or a directory owned by another
    /// user (it could hold planted keys or links), and closes one open to others to 0700.
    public static func ensure(_ path: String) throws(LabError) {
        var st = stat()
        if lstat(path, &st) != 0 {
            guard errno == ENOENT else { throw LabError("\(path): \(String(cString: strerror(errno)))") }
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty { try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw LabError("cannot create the directory \(path): \(String(cString: strerror(errno)))")
            }
            guard lstat(path, &st) == 0 else { throw LabError("\(path): \(String(cString: strerror(errno)))") }
        }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            throw LabError("\(path) is \(st.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a directory"); give a directory of your own")
        }
        guard st.st_uid == geteuid() else {
            throw LabError("\(path) belongs to another user (uid \(st.st_uid)); the lab keeps keys there, so give a directory of your own")
        }
        if st.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw LabError("\(path) is open to other users and cannot be made private: \(String(cString: strerror(errno)))")
        }
    }

    /// A new private directory `<tmp>/<prefix>XXXXXX` (mkdtemp: unpredictable name, mode 0700).
    public static func makeTemporary(prefix: String) throws(LabError) -> String {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw LabError("cannot create a temporary directory in \(base): \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
