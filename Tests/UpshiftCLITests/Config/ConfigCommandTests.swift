import ArgumentParser
import Foundation
import Testing
import UpshiftCLI
import UpshiftModel

@Suite("upshift config (file I/O, exit codes)")
struct ConfigCommandTests {
    static let dataRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    /// A fresh directory holding `name` with `bytes`; returns the file's path.
    static func scratch(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func run(_ args: [String]) throws {
        var command = try ConfigCommand.parseAsRoot(args)
        try command.run()
    }

    /// The exit code the CLI maps an error to (CLIFailure codes, else ArgumentParser's).
    static func exitCode(_ args: [String]) -> Int32 {
        do { try run(args); return 0 } catch let f as CLIFailure { return f.code } catch {
            return ConfigCommand.exitCode(for: error).rawValue
        }
    }

    static func read(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    @Test("set changes one line in place and keeps the file's mode")
    func setInPlace() throws {
        let path = try Self.scratch("neutron.conf", Array("[DEFAULT]\n# c\nverbose=True\n".utf8))
        chmod(path, 0o640)
        try Self.run(["set", path, "DEFAULT/notify_nova_on_port_status_changes", "true"])
        try Self.run(["set", path, "DEFAULT/verbose", "False"])
        #expect(String(decoding: Self.read(path), as: UTF8.self) == "[DEFAULT]\n# c\nverbose=False\nnotify_nova_on_port_status_changes=true\n")
        var st = stat(); stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o640)
    }

    @Test("migrate only shows a diff unless --write; --write gives the migrated file")
    func migrate() throws {
        let original = try [UInt8](Data(contentsOf: Self.dataRoot.appendingPathComponent("operator/havana-rdo-packstack-el6/nova.conf")))
        let path = try Self.scratch("nova.conf", original)
        try Self.run(["migrate", path, "--pack", "havana-icehouse", "--rewrite-deprecated"])
        #expect(Self.read(path) == original)
        try Self.run(["migrate", path, "--pack", "havana-icehouse", "--rewrite-deprecated", "--write"])
        let migrated = String(decoding: Self.read(path), as: UTF8.self)
        #expect(migrated.contains("\n[libvirt]\nvirt_type=kvm\n") && !migrated.contains("\nlibvirt_type=kvm"))
        let out = (path as NSString).deletingLastPathComponent + "/out.conf"
        try Self.run(["migrate", path, "--service", "nova", "-o", out])
        #expect(Self.read(out) == Self.read(path))
    }

    @Test("get prints what oslo.config reads; an unset option fails with exit 1")
    func get() throws {
        let path = try Self.scratch("nova.conf", Array("[DEFAULT]\na = 1\na = 2\n".utf8))
        #expect(Self.exitCode(["get", path, "DEFAULT/a"]) == 0)
        #expect(Self.exitCode(["get", path, "DEFAULT/b"]) == 1)
        #expect(Self.exitCode(["get", path, "no-slash"]) == 64)
    }

    @Test("bad input files exit 65 and are never modified", arguments: [
        ("latin1", [0x5B, 0x44, 0x45, 0x46, 0x41, 0x55, 0x4C, 0x54, 0x5D, 0x0A, 0x61, 0x3D, 0xE9, 0x0A] as [UInt8]),
        ("binary", [0x5B, 0x78, 0x5D, 0x0A, 0x00, 0x01, 0x02] as [UInt8]),
        ("key-before-section", Array("a = 1\n[DEFAULT]\n".utf8)),
        ("unterminated", Array("[DEFAULT\na = 1\n".utf8)),
    ])
    func badInput(name: String, bytes: [UInt8]) throws {
        let path = try Self.scratch("nova.conf", bytes)
        #expect(Self.exitCode(["set", path, "DEFAULT/x", "1"]) == 65, "\(name)")
        #expect(Self.exitCode(["migrate", path, "--write"]) == 65, "\(name)")
        #expect(Self.read(path) == bytes)
    }

    @Test("a 50 MB file, a symlink loop and an unknown file name are refused")
    func refused() throws {
        let big = try Self.scratch("nova.conf", [])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        let line = Data("[DEFAULT]\n".utf8) + Data(repeating: 0x23, count: 1023) + Data("\n".utf8)
        for _ in 0..<(50 * 1024) { handle.write(line) }
        try handle.close()
        let size = (try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int) ?? 0
        #expect(Self.exitCode(["migrate", big, "--write"]) == 65)
        #expect((try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int) == size)
        let dir = (big as NSString).deletingLastPathComponent
        symlink(dir + "/loop-b", dir + "/loop-a"); symlink(dir + "/loop-a", dir + "/loop-b")
        #expect(Self.exitCode(["get", dir + "/loop-a", "DEFAULT/a"]) == 65)
        let other = try Self.scratch("weird.conf", Array("[DEFAULT]\n".utf8))
        #expect(Self.exitCode(["migrate", other]) == 64)
    }

    @Test("an unwritable file is refused with exit 1 and left as it was",
          .enabled(if: getuid() != 0, "root can write any file; run as a normal user to exercise this"))
    func unwritable() throws {
        let path = try Self.scratch("nova.conf", Array("[DEFAULT]\na = 1\n".utf8))
        chmod(path, 0o444)
        #expect(Self.exitCode(["set", path, "DEFAULT/a", "2"]) == 1)
        #expect(Self.read(path) == Array("[DEFAULT]\na = 1\n".utf8))
    }

    @Test("when the temporary file cannot be created the write fails cleanly and the original stays (works as root too)")
    func unwritableDirectoryAsRoot() throws {
        // A name of 240 bytes leaves no room for the temporary name beside it (NAME_MAX is 255), so
        // creating it fails as it would on a full or read-only directory, even for root.
        let path = try Self.scratch(String(repeating: "n", count: 235) + ".conf", Array("[DEFAULT]\na = 1\n".utf8))
        #expect(Self.exitCode(["set", path, "DEFAULT/a", "2"]) == 1)
        #expect(Self.read(path) == Array("[DEFAULT]\na = 1\n".utf8))
    }

    @Test("lint exits 0 for warnings only; merge-rpmnew --write keeps the operator value under the new layout")
    func lint() throws {
        let path = try Self.scratch("nova.conf", Array("[DEFAULT]\nlibvirt_type = kvm\n".utf8))
        #expect(Self.exitCode(["lint", path]) == 0)
        let sample = try Self.scratch("nova.conf.sample", Array("[DEFAULT]\n#rpc_backend=rabbit\n".utf8))
        #expect(Self.exitCode(["lint", path, "--known", sample]) == 0)
        let merged = try Self.scratch("ml2_conf.ini", Array("[ml2]\ntype_drivers = vlan\n".utf8))
        let rpmnew = try Self.scratch("ml2_conf.ini.rpmnew", Array("[ml2]\n# type_drivers = local\n".utf8))
        try Self.run(["merge-rpmnew", merged, rpmnew, "--write"])
        #expect(String(decoding: Self.read(merged), as: UTF8.self) == "[ml2]\n# type_drivers = local\ntype_drivers = vlan\n")
    }
}
