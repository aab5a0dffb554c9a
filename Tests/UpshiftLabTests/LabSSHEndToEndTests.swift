import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning
import UpshiftSSH
@testable import UpshiftLab

/// The lab behind real sshd, reached with `OpenSSHTransport` (tag: large). Always tears down.
@Suite(.serialized) struct LabSSHEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String { ProcessInfo.processInfo.environment["UPSHIFT_BINARY"] ?? root.appendingPathComponent(".build/debug/upshift").path }

    /// Starts a 1+1+2 lab, runs `body`, and stops every sshd even when `body` fails.
    func withLab(computes: Int = 2, _ body: (LabUpResult, OpenSSHTransport) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "upshift-lab-e2e-" + UUID().uuidString.prefix(6)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the upshift executable first: \(Self.binary)")
        let octet = Int.random(in: 120...200)
        let lab = try await LabSSHD.up(LabUpOptions(topology: LabTopology(controllers: 1, networks: 1, computes: computes, os: "mixed",
                                                                          addressOctet: octet, timeFactor: 0.001),
                                                    directory: dir, shellCommand: [Self.binary]))
        let transport = try OpenSSHTransport(options: .init(configFile: lab.sshConfigPath))
        do { try await body(lab, transport) } catch {
            await transport.shutdown(); await LabSSHD.down(directory: dir); throw error
        }
        await transport.shutdown()
        let stopped = await LabSSHD.down(directory: dir)
        #expect(stopped.count == lab.sshdPIDs.count)
        for pid in lab.sshdPIDs { #expect(!LabSSHD.isAlive(pid), "sshd \(pid) still running after lab down") }
    }

    static func host(_ name: String) -> HostTarget { HostTarget(name: HostName(name), address: name) }

    static func labCLI(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["lab"] + args
        p.standardOutput = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        return p.terminationStatus
    }

    @Test(.timeLimit(.minutes(1))) func commandsFaultsAndFailuresOverRealSSHD() async throws {
        try await withLab { lab, ssh in
            // Fan-out to every host over multiplexed connections.
            try await withThrowingTaskGroup(of: (String, CommandResult).self) { g in
                for (name, _) in lab.hosts { g.addTask { (name, try await ssh.run(RemoteCommand("cat /etc/redhat-release"), on: Self.host(name))) } }
                for try await (name, r) in g { #expect(r.succeeded && r.stdoutText.hasPrefix("CentOS"), "\(name): \(r.stderrText)") }
            }
            #expect(try await ssh.run(RemoteCommand("nova-manage db version"), on: Self.host("ctl-01")).stdoutText == "216\n")
            let list = try await ssh.run(RemoteCommand(". /root/keystonerc_admin && nova service-list --binary nova-compute"), on: Self.host("ctl-01"))
            #expect(list.stdoutText.contains("| nova-compute | cmp-02 | nova | enabled | up "))
            // The file protocol with stdin.
            let path = "/etc/nova/nova.conf"
            let content = "[DEFAULT]\n# written over ssh\n"
            let write = CommandRenderer.writeScript(path: path, stamp: "20140501T100000", size: String(content.utf8.count))
            #expect(try await ssh.run(RemoteCommand(write, stdin: Array(content.utf8)), on: Self.host("cmp-01")).succeeded)
            #expect(try await ssh.run(RemoteCommand("cat \(path)"), on: Self.host("cmp-01")).stdoutText == content)
            #expect(try await ssh.run(RemoteCommand("no-such-tool"), on: Self.host("cmp-01")).exitStatus == 127)
            // Hostile values: quoted words come back literally; nothing runs locally.
            let marker = NSTemporaryDirectory() + "upshift-pwned-" + UUID().uuidString.prefix(6)
            let hostile = "a'b\"c $(touch \(marker)) `touch \(marker)`; touch \(marker) && x\nsecond line"
            let echo = try await ssh.run(RemoteCommand("echo " + ShellQuote.quote(hostile)), on: Self.host("net-01"))
            #expect(echo.stdoutText == hostile + "\n")
            for address in ["-oProxyCommand=touch \(marker)", "$(touch \(marker))", "ctl-01; touch \(marker)", "a b\nc"] {
                await #expect(throws: TransportError.self) { try await ssh.run(RemoteCommand("true"), on: HostTarget(name: "evil", address: address)) }
            }
            #expect(!FileManager.default.fileExists(atPath: marker))
            // A fault is lab state: the CLI adds it, ssh sees it, other hosts go on.
            #expect(try Self.labCLI(["fault", "add", "--dir", lab.directory, "--host", "cmp-01", "--kind", "unreachable"]) == 0)
            do { _ = try await ssh.run(RemoteCommand("true"), on: Self.host("cmp-01")); Issue.record("cmp-01 should be unreachable") }
            catch let e as TransportError { #expect(e.code == .unreachable) }
            #expect(try await ssh.run(RemoteCommand("true"), on: Self.host("cmp-02")).succeeded)
            #expect(try Self.labCLI(["fault", "clear", "--dir", lab.directory]) == 0)
            #expect(try await ssh.run(RemoteCommand("true"), on: Self.host("cmp-01")).succeeded)
            // Timeout and output cap.
            do { _ = try await ssh.run(RemoteCommand("sleep 20", timeout: .seconds(1)), on: Self.host("cmp-02")); Issue.record("no timeout") }
            catch let e as TransportError { #expect(e.code == .timeout) }
            let capped = try await ssh.run(RemoteCommand("rpm -qa", outputLimit: 100), on: Self.host("ctl-01"))
            #expect(capped.truncated && capped.stdout.count == 100)
        }
    }

    @Test(.timeLimit(.minutes(1))) func aChangedHostKeyAndAWrongKeyAreReportedAsSuch() async throws {
        try await withLab { lab, _ in
            let other = lab.directory + "/other_key"
            let keygen = Process()
            keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-f", other]
            try keygen.run(); keygen.waitUntilExit()
            let config = try String(contentsOfFile: lab.sshConfigPath, encoding: .utf8)
            let otherPub = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            let known = lab.hosts.map { "[\($0.address)]:\(lab.port) \(otherPub)\n" }.joined()
            try known.write(toFile: lab.directory + "/bad_known_hosts", atomically: true, encoding: .utf8)
            try config.replacingOccurrences(of: "/known_hosts\"", with: "/bad_known_hosts\"")
                .write(toFile: lab.directory + "/ssh_config_badhost", atomically: true, encoding: .utf8)
            try config.replacingOccurrences(of: "/id_ed25519\"", with: "/other_key\"")
                .write(toFile: lab.directory + "/ssh_config_badkey", atomically: true, encoding: .utf8)
            try "".write(toFile: lab.directory + "/empty_known_hosts", atomically: true, encoding: .utf8)
            try config.replacingOccurrences(of: "/known_hosts\"", with: "/empty_known_hosts\"")
                .write(toFile: lab.directory + "/ssh_config_newhost", atomically: true, encoding: .utf8)
            for (file, code) in [("ssh_config_badhost", TransportError.Code.hostKeyMismatch), ("ssh_config_badkey", .authenticationFailed),
                                 ("ssh_config_newhost", .hostKeyUnknown)] {
                let t = try OpenSSHTransport(options: .init(configFile: lab.directory + "/" + file))
                do { _ = try await t.run(RemoteCommand("true"), on: Self.host("ctl-01")); Issue.record("\(file): ssh should fail") }
                catch let e as TransportError {
                    #expect(e.code == code, "\(file): \(e)")
                    if code == .hostKeyUnknown { #expect(e.message.contains("is not in known_hosts: add it with `ssh-keyscan -H "), "\(e.message)") }
                }
                await t.shutdown()
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func twentyTwoHostsAreServedByTwoSSHDs() async throws {
        try await withLab(computes: 20) { lab, ssh in
            #expect(lab.sshdPIDs.count == 2)
            // Fan-out: every host at once, over one control master per host.
            try await withThrowingTaskGroup(of: (String, CommandResult).self) { g in
                for (name, _) in lab.hosts { g.addTask { (name, try await ssh.run(RemoteCommand("hostname"), on: Self.host(name))) } }
                var count = 0
                for try await (name, r) in g { #expect(r.stdoutText == name + "\n"); count += 1 }
                #expect(count == 22)
            }
        }
    }

    @Test func aPortAlreadyInUseIsReportedAndNothingIsLeftRunning() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(0).bigEndian)
        inet_pton(AF_INET, "127.0.99.2", &addr.sin_addr)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(bound == 0 && listen(fd, 1) == 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let dir = NSTemporaryDirectory() + "upshift-lab-port-" + UUID().uuidString.prefix(6)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try await LabSSHD.up(LabUpOptions(topology: LabTopology(controllers: 1, networks: 1, computes: 0, addressOctet: 99),
                                                  directory: dir, shellCommand: [Self.binary], port: port))
            await LabSSHD.down(directory: dir)
            Issue.record("lab up should refuse a busy port")
        } catch {
            #expect(error.message.contains("127.0.99.2:\(port) is already in use"))
        }
        #expect(LabSSHD.pidFiles(dir).isEmpty)
    }
}
