import Foundation
import Testing
@testable import UpshiftLab

/// Lab and demo directories are private: created 0700 with unpredictable names, another user's
/// directory or a symlink is refused, and the command log never follows a planted link.
@Suite struct PrivateDirectoryTests {
    static func base() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-priv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) -> mode_t { var st = stat(); lstat(path, &st); return st.st_mode & 0o777 }

    @Test func aNewLabDirectoryIsPrivateAndAnOpenOneOfOursIsClosed() throws {
        let base = try Self.base()
        try LabDirectory.create(LabTopology(controllers: 1, networks: 0, computes: 0), at: base + "/lab")
        #expect(Self.mode(base + "/lab") == 0o700)
        let open = base + "/open"
        mkdir(open, 0o777); chmod(open, 0o777)
        try PrivateDirectory.ensure(open)
        #expect(Self.mode(open) == 0o700)
        let a = try PrivateDirectory.makeTemporary(prefix: "upshift-demo-"), b = try PrivateDirectory.makeTemporary(prefix: "upshift-demo-")
        defer { rmdir(a); rmdir(b) }
        #expect(a != b && !a.hasSuffix("\(getpid())") && Self.mode(a) == 0o700)
    }

    @Test func anotherUsersDirectoryOrASymlinkIsRefused() throws {
        let base = try Self.base()
        symlink(base, base + "/link")
        var refused: [String] = []
        do { try LabDirectory.create(LabTopology(controllers: 1, networks: 0, computes: 0), at: base + "/link") } catch { refused.append(error.message) }
        if geteuid() == 0 {
            let theirs = base + "/theirs"
            mkdir(theirs, 0o755); chown(theirs, 65534, 65534)
            do { try LabDirectory.create(LabTopology(controllers: 1, networks: 0, computes: 0), at: theirs) } catch { refused.append(error.message) }
            #expect(refused.last?.contains("\(theirs) belongs to another user") == true)
            #expect(!FileManager.default.fileExists(atPath: theirs + "/state.json"))
        }
        #expect(refused.first?.contains("\(base)/link is a symbolic link") == true)
    }

    @Test func theCommandLogDoesNotFollowALink() throws {
        let base = try Self.base()
        try "precious\n".write(toFile: base + "/target", atomically: false, encoding: .utf8)
        symlink(base + "/target", base + "/commands.log")
        LabSSHEntry.appendLog(directory: base, "ctl-01 exit=0 true\n")
        #expect(try String(contentsOfFile: base + "/target", encoding: .utf8) == "precious\n")
    }
}
