import ArgumentParser
import Foundation
import Testing
import UpshiftModel
@testable import UpshiftCLI

/// Every path an operator names is written by one writer: devices and FIFOs are written through,
/// other non-regular files refused, links written through, regular files replaced atomically.
@Suite("Output files (-o, --write)")
struct OutputFileTests {
    static func dir() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func type(_ path: String) -> mode_t { var st = stat(); return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0 }

    /// A character device to write to that no bug can break: a fresh node of /dev/null's device in a
    /// temporary directory when root, else the real /dev/null (which a non-root rename cannot replace).
    static func characterDevice() throws -> String {
        guard geteuid() == 0 else { return "/dev/null" }
        let path = try dir() + "/null"
        let null = dev_t(1 << 8 | 3)  // makedev(1, 3): a glibc macro Swift cannot see
        guard mknod(path, S_IFCHR | 0o666, null) == 0 else { throw CLIFailure("mknod: \(errno)") }
        return path
    }

    static func code(_ body: () throws -> Void) -> (Int32, String?) {
        do { try body(); return (0, nil) } catch let f as CLIFailure { return (f.code, f.diagnostics.first.map { "\($0.id) \($0.oneLine)" }) }
        catch { return (-1, "\(error)") }
    }

    @Test("a FIFO and a character device are written through, not replaced")
    func devicesAreWrittenThrough() throws {
        let fifo = try Self.dir() + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try OutputFile.write("facts\n", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buffer, buffer.count)
        #expect(n == 6 && Array(buffer.prefix(6)) == Array("facts\n".utf8))
        #expect(Self.type(fifo) == S_IFIFO)

        let device = try Self.characterDevice()
        try OutputFile.write("x", to: device)
        #expect(Self.type(device) == S_IFCHR)
        #expect(Self.type("/dev/null") == S_IFCHR)
    }

    @Test("a directory, a socket and a link to nothing are refused with exit 64 naming the path")
    func otherFilesAreRefused() throws {
        let base = try Self.dir()
        let socketPath = base + "/s"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un(); address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in socketPath.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0)
        symlink(base + "/missing", base + "/dangling")
        for (path, kind) in [(base, S_IFDIR), (socketPath, S_IFSOCK), (base + "/dangling", S_IFLNK)] {
            let (code, message) = Self.code { try OutputFile.write("x", to: path) }
            #expect(code == UpshiftExit.usage)
            #expect(message?.contains(path) == true, "\(message ?? "")")
            #expect(Self.type(path) == kind)
        }
    }

    @Test("a symlink is written through to its target; a regular file keeps its mode and leaves no temp file")
    func linksAndRegularFiles() throws {
        let base = try Self.dir()
        try "old".write(toFile: base + "/real.json", atomically: false, encoding: .utf8)
        chmod(base + "/real.json", 0o640)
        symlink("real.json", base + "/link.json")
        try OutputFile.write("new", to: base + "/link.json")
        #expect(Self.type(base + "/link.json") == S_IFLNK)
        #expect(try String(contentsOfFile: base + "/real.json", encoding: .utf8) == "new")
        var st = stat(); stat(base + "/real.json", &st)
        #expect(st.st_mode & 0o777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).sorted() == ["link.json", "real.json"])
    }

    @Test("config set, migrate --write and -o on a symlinked config file write through the link; the link stays")
    func configWritesThroughALink() async throws {
        let base = try Self.dir()
        try "[DEFAULT]\nverbose=True\n".write(toFile: base + "/real.conf", atomically: false, encoding: .utf8)
        chmod(base + "/real.conf", 0o640)
        symlink("real.conf", base + "/nova.conf")
        symlink("real.conf", base + "/out.conf")
        #expect(await Self.run(["config", "set", base + "/nova.conf", "DEFAULT/debug", "True"]) == 0)
        #expect(await Self.run(["config", "migrate", base + "/nova.conf", "--service", "nova", "-o", base + "/out.conf"]) == 0)
        #expect(Self.type(base + "/nova.conf") == S_IFLNK && Self.type(base + "/out.conf") == S_IFLNK)
        #expect(try String(contentsOfFile: base + "/real.conf", encoding: .utf8).contains("debug=True"))
        var st = stat(); stat(base + "/real.conf", &st)
        #expect(st.st_mode & 0o777 == 0o640)
    }

    @Test("plan, inventory import, config migrate and discover all write -o through the one writer")
    func everyCommandUsesTheWriter() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let shared = root.appendingPathComponent("../shared/data/operator/havana-rdo-packstack-el6").standardized.path
        let device = try Self.characterDevice(), directory = try Self.dir()
        let inventory = try Self.dir() + "/inventory.yaml"
        try DiscoverProbeRunTests.inventory.write(toFile: inventory, atomically: true, encoding: .utf8)
        let commands: [[String]] = [
            ["plan", "--inventory", root.appendingPathComponent("examples/rdo-22.yaml").path, "--method", "live", "-o"],
            ["inventory", "import", "--packstack", shared + "/packstack-answers-file.txt", "-o"],
            ["config", "migrate", shared + "/nova.conf", "--service", "nova", "-o"],
        ]
        for args in commands {
            #expect(await Self.run(args + [device]) == 0, "\(args)")
            #expect(Self.type(device) == S_IFCHR, "\(args)")
            #expect(await Self.run(args + [directory]) == UpshiftExit.usage, "\(args)")
        }
        _ = try await DiscoverRun.execute(inventoryPath: inventory, packName: "havana-icehouse", output: device, parallel: 2,
                                          transport: FakeCloudTransport())
        #expect(Self.type(device) == S_IFCHR)
        await #expect(throws: CLIFailure.self) {
            _ = try await DiscoverRun.execute(inventoryPath: inventory, packName: "havana-icehouse", output: directory, parallel: 2,
                                              transport: FakeCloudTransport())
        }
        #expect(Self.type(directory) == S_IFDIR && Self.type("/dev/null") == S_IFCHR)
    }

    static func run(_ args: [String]) async -> Int32 {
        do {
            var command = try Upshift.parseAsRoot(args)
            if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
            return 0
        } catch let f as CLIFailure { return f.code } catch { return Upshift.exitCode(for: error).rawValue }
    }
}
