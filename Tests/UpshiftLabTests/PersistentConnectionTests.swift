import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftSSH
@testable import UpshiftLab

/// `persistSeconds` (`--ssh-persist`): a host's connection outlives the transport, so the next
/// transport (the next upshift command) rides it without a new handshake. Over the lab's real sshd.
@Suite(.serialized) struct PersistentConnectionTests {
    static func ssh(_ args: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe; p.standardError = pipe
        guard (try? p.run()) != nil else { return (127, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.timeLimit(.minutes(1)), arguments: OpenSSHTransport.Mode.allCases)
    func aSecondTransportRidesTheMasterTheFirstLeft(_ mode: OpenSSHTransport.Mode) async throws {
        let dir = NSTemporaryDirectory() + "upshift-lab-persist-" + UUID().uuidString.prefix(6)
        let sockets = "/tmp/upshift-persist-" + UUID().uuidString.prefix(6)
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: sockets) }
        let topology = LabTopology(controllers: 1, networks: 1, computes: 1, os: "el6", addressOctet: Int.random(in: 120...200), timeFactor: 0.001)
        let lab = try await LabSSHD.up(LabUpOptions(topology: topology, directory: dir, shellCommand: [LabSSHEndToEndTests.binary]))
        let options = OpenSSHTransport.Options(configFile: lab.sshConfigPath, mode: mode, persistSeconds: 30, persistDirectory: sockets)
        let host = LabSSHEndToEndTests.host("cmp-01")
        let check = ["-F", lab.sshConfigPath, "-o", "ControlPath=\(sockets)/%C", "-O", "check", host.address]
        do {
            let first = try OpenSSHTransport(options: options)
            #expect(try await first.run(RemoteCommand("hostname"), on: host).stdoutText == "cmp-01\n")
            await first.shutdown()
            // The master outlived the transport and its socket directory is still there.
            let before = Self.ssh(check)
            #expect(before.status == 0, "no master after the first transport: \(before.output)")
            let second = try OpenSSHTransport(options: options)
            #expect(try await second.run(RemoteCommand("nova-manage db version"), on: host).stdoutText == "216\n")
            await second.shutdown()
            // The same master (same pid) served the second transport: no new connection was made.
            let after = Self.ssh(check)
            #expect(after.status == 0 && after.output == before.output, "before: \(before.output) after: \(after.output)")
        } catch {
            _ = Self.ssh(Array(check.dropLast(3)) + ["-O", "exit", host.address]); await LabSSHD.down(directory: dir); throw error
        }
        _ = Self.ssh(Array(check.dropLast(3)) + ["-O", "exit", host.address])
        await LabSSHD.down(directory: dir)
    }

    @Test func aSocketDirectoryOpenToOthersIsRefused() throws {
        let dir = "/tmp/upshift-persist-open-" + UUID().uuidString.prefix(6)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect {
            _ = try OpenSSHTransport(options: .init(persistSeconds: 30, persistDirectory: dir))
        } throws: { error in
            "\(error)".contains(dir) && "\(error)".contains("chmod 700")
        }
        // Closed to others, it is taken as it is.
        chmod(dir, 0o700)
        #expect(try OpenSSHTransport(options: .init(persistSeconds: 30, persistDirectory: dir)).socketDirectory == dir)
    }

    @Test func withoutPersistenceSessionsDialDirectly() throws {
        let t = try OpenSSHTransport(options: .init(configFile: "/x/ssh_config"))
        let a = t.sessionArguments(for: HostTarget(name: HostName("h"), address: "h"))
        #expect(a.contains("ControlPath=none") && a.contains("ControlMaster=no"))
        try? FileManager.default.removeItem(atPath: t.socketDirectory)
    }
}

/// Socket directories of a killed upshift (`upshift-ssh-<pid>-<random>`) are removed by the next
/// transport once that pid is gone; a live owner's, and names without a pid, are left alone.
@Suite struct StaleSocketDirectoryTests {
    @Test func onlyDirectoriesOfDeadUpshiftsAreRemoved() throws {
        let tmp = NSTemporaryDirectory() + "upshift-stale-test-" + UUID().uuidString.prefix(6) + "/"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        // A pid that surely ended: a child that has been waited for.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run(); p.waitUntilExit()
        let dead = p.processIdentifier
        let names = ["upshift-ssh-\(dead)-0badcafe", "upshift-ssh-\(getppid())-0livecaf", "upshift-ssh-1a2b3c4d", "upshift-ssh-\(dead)-x-y"]
        for n in names { try FileManager.default.createDirectory(atPath: tmp + n, withIntermediateDirectories: true) }
        FileManager.default.createFile(atPath: tmp + names[0] + "/socket", contents: Data())
        OpenSSHTransport.removeStaleSocketDirectories(in: tmp)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: tmp))
        #expect(left == Set(names.dropFirst()), "left: \(left)")
    }
}
