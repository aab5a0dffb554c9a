import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftSSH
@testable import UpshiftLab

/// The session mode over the lab's real sshd: `lab shell` serves the session protocol natively
/// (tag: large). Always tears down.
@Suite(.serialized) struct LabSessionEndToEndTests {
    @Test func theLabRecognisesExactlyTheTransportsBootstrap() {
        #expect(LabSessionLoop.bootstrap == SessionProtocol.bootstrap)
    }

    /// Starts a 1+1+`computes` lab, runs `body` with a transport in `mode`, stops every sshd even when `body` fails.
    func withLab(computes: Int = 2, mode: OpenSSHTransport.Mode,
                 _ body: (LabUpResult, OpenSSHTransport) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "upshift-lab-session-" + UUID().uuidString.prefix(6)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileManager.default.isExecutableFile(atPath: LabSSHEndToEndTests.binary), "build the upshift executable first")
        let topology = LabTopology(controllers: 1, networks: 1, computes: computes, os: "mixed", addressOctet: Int.random(in: 120...200), timeFactor: 0.001)
        let lab = try await LabSSHD.up(LabUpOptions(topology: topology, directory: dir, shellCommand: [LabSSHEndToEndTests.binary]))
        let transport = try OpenSSHTransport(options: .init(configFile: lab.sshConfigPath, mode: mode))
        do { try await body(lab, transport) } catch {
            await transport.shutdown(); await LabSSHD.down(directory: dir); throw error
        }
        await transport.shutdown()
        await LabSSHD.down(directory: dir)
    }

    static func logLines(_ lab: LabUpResult) -> [String] {
        ((try? String(contentsOfFile: lab.directory + "/commands.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test(.timeLimit(.minutes(1)), arguments: OpenSSHTransport.Mode.allCases)
    func commandsFaultsTimeoutsAndFileWritesBehaveAlikeInBothModes(_ mode: OpenSSHTransport.Mode) async throws {
        try await withLab(mode: mode) { lab, ssh in
            let ctl = LabSSHEndToEndTests.host("ctl-01"), cmp = LabSSHEndToEndTests.host("cmp-01")
            for _ in 0..<3 { #expect(try await ssh.run(RemoteCommand("nova-manage db version"), on: ctl).stdoutText == "216\n") }
            #expect(try await ssh.run(RemoteCommand("no-such-tool"), on: cmp).exitStatus == 127)
            #expect(try await ssh.run(RemoteCommand("echo 'two\nlines' && hostname"), on: cmp).stdoutText == "two\nlines\ncmp-01\n")
            // A file write carries stdin; reading it back goes through the session again.
            let path = "/etc/nova/nova.conf", content = "[DEFAULT]\n# written over ssh"
            #expect(try await ssh.run(RemoteCommand("cat > \(path)", stdin: Array(content.utf8)), on: cmp).succeeded)
            #expect(try await ssh.run(RemoteCommand("cat \(path)"), on: cmp).stdoutText == content)
            // A fault is lab state, seen by the open session's next command.
            #expect(try LabSSHEndToEndTests.labCLI(["fault", "add", "--dir", lab.directory, "--host", "cmp-01", "--kind", "unreachable"]) == 0)
            do { _ = try await ssh.run(RemoteCommand("true"), on: cmp); Issue.record("cmp-01 should be unreachable") }
            catch let e as TransportError { #expect(e.code == .unreachable) }
            #expect(try LabSSHEndToEndTests.labCLI(["fault", "clear", "--dir", lab.directory]) == 0)
            #expect(try await ssh.run(RemoteCommand("true"), on: cmp).succeeded)
            do { _ = try await ssh.run(RemoteCommand("sleep 20", timeout: .seconds(1)), on: cmp); Issue.record("no timeout") }
            catch let e as TransportError { #expect(e.code == .timeout) }
            #expect(try await ssh.run(RemoteCommand("hostname"), on: cmp).stdoutText == "cmp-01\n")
            let capped = try await ssh.run(RemoteCommand("rpm -qa", outputLimit: 100), on: ctl)
            #expect(capped.truncated && capped.stdout.count == 100)
            // One log line per command (the timed-out one included once it ends is not waited for).
            let lines = Self.logLines(lab)
            #expect(lines.filter { $0.contains(" ctl-01 ") }.count == 4)
            #expect(lines.filter { $0.contains("nova-manage db version") }.count == 3)
            #expect(!lines.contains { $0.contains("upshift-session") })
        }
    }

    @Test(.timeLimit(.minutes(1))) func twentyHostsAtOnceOneSessionEach() async throws {
        try await withLab(computes: 18, mode: .session) { lab, ssh in
            try await withThrowingTaskGroup(of: Void.self) { g in
                for (name, _) in lab.hosts {
                    g.addTask {
                        for _ in 0..<3 {
                            let r = try await ssh.run(RemoteCommand("hostname"), on: LabSSHEndToEndTests.host(name))
                            #expect(r.stdoutText == name + "\n")
                        }
                    }
                }
                try await g.waitForAll()
            }
            #expect(await ssh.pool.openCount == 20)
            #expect(Self.logLines(lab).count == 60)
        }
    }
}
