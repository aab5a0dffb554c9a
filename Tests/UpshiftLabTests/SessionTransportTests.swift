import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftSSH

/// The session mode of `OpenSSHTransport` against the real /bin/sh (dash), through a stand-in for
/// ssh that runs its last argument with `sh -c`, as sshd would: the bootstrap loop itself is tested.
@Suite struct SessionTransportTests {
    /// A fake ssh: `-O` control commands succeed, anything else runs the remote command locally.
    static let fakeSSH: String = {
        let path = NSTemporaryDirectory() + "upshift-fake-ssh-" + UUID().uuidString.prefix(8)
        let text = "#!/bin/sh\nfor a; do [ \"$a\" = -O ] && exit 0; last=$a; done\nexec /bin/sh -c \"$last\"\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o755])
        return path
    }()

    static func transport(sessionLimit: Int = 128, parallelLimit: Int = 32) throws -> OpenSSHTransport {
        try OpenSSHTransport(options: .init(sshPath: fakeSSH, parallelLimit: parallelLimit, mode: .session, sessionLimit: sessionLimit))
    }

    static func host(_ n: String = "h1") -> HostTarget { HostTarget(name: HostName(n), address: n) }

    @Test func outputComesBackByteForByteOnBothStreams() async throws {
        let t = try Self.transport()
        defer { Task { await t.shutdown() } }
        let cases: [(String, [UInt8], [UInt8])] = [
            ("printf abc", Array("abc".utf8), []),
            ("printf 'x\\000\\001\\377y'", [120, 0, 1, 255, 121], []),
            ("printf err >&2", [], Array("err".utf8)),
            ("echo out; echo err >&2", Array("out\n".utf8), Array("err\n".utf8)),
            ("printf '\\n\\n'", [10, 10], []),
            ("printf '%s' 'two\nlines\n'", Array("two\nlines\n".utf8), []),
            ("", [], []),
        ]
        for (script, out, err) in cases {
            let r = try await t.run(RemoteCommand(script), on: Self.host())
            #expect(r.exitStatus == 0 && r.stdout == out && r.stderr == err && !r.truncated, "\(script)")
        }
    }

    @Test func exitStatusesSignalsAndSyntaxErrorsAreResultsAndTheSessionGoesOn() async throws {
        let t = try Self.transport()
        defer { Task { await t.shutdown() } }
        for code in [0, 1, 2, 3, 42, 126, 127, 128, 200, 254, 255] {
            #expect(try await t.run(RemoteCommand("exit \(code)"), on: Self.host()).exitStatus == Int32(code))
        }
        #expect(try await t.run(RemoteCommand("sh -c 'kill -TERM $$'"), on: Self.host()).exitStatus == 143)
        #expect(try await t.run(RemoteCommand("if then"), on: Self.host()).exitStatus == 2)
        #expect(try await t.run(RemoteCommand("read x; cat; echo \"[$x]\""), on: Self.host()).stdoutText == "[]\n")
        #expect(try await t.run(RemoteCommand("echo \"[$_u_n$_u_c]\""), on: Self.host()).stdoutText == "[]\n")
        #expect(try await t.run(RemoteCommand("echo still here"), on: Self.host()).stdoutText == "still here\n")
        #expect(await t.pool.openCount == 1)
    }

    @Test func outputPastTheCapIsTruncatedAndTheNextCommandIsClean() async throws {
        let t = try Self.transport()
        defer { Task { await t.shutdown() } }
        let r = try await t.run(RemoteCommand("head -c 3000000 /dev/zero; head -c 5000 /dev/zero >&2", outputLimit: 1000), on: Self.host())
        #expect(r.truncated && r.stdout == [UInt8](repeating: 0, count: 1000) && r.stderr.count == 1000)
        let next = try await t.run(RemoteCommand("echo next"), on: Self.host())
        #expect(next.stdoutText == "next\n" && next.stderr.isEmpty && !next.truncated)
    }

    @Test(.timeLimit(.minutes(1))) func aTimeoutKillsTheSessionAndTheNextCommandOpensANewOne() async throws {
        let t = try Self.transport()
        defer { Task { await t.shutdown() } }
        #expect(try await t.run(RemoteCommand("echo $$"), on: Self.host()).succeeded)
        let clock = ContinuousClock(), started = clock.now
        do { _ = try await t.run(RemoteCommand("sleep 30", timeout: .milliseconds(300)), on: Self.host()); Issue.record("no timeout") }
        catch { #expect(error.code == .timeout) }
        #expect(clock.now - started < .seconds(5))
        #expect(try await t.run(RemoteCommand("echo again"), on: Self.host()).stdoutText == "again\n")
    }

    @Test func aSessionThatDiesIsReportedAndReopened() async throws {
        let t = try Self.transport()
        defer { Task { await t.shutdown() } }
        let first = try await t.run(RemoteCommand("echo $$"), on: Self.host()).stdoutText
        do { _ = try await t.run(RemoteCommand("kill -KILL $$"), on: Self.host()); Issue.record("the session should be lost") }
        catch { #expect(error.code == .connectionLost, "\(error)") }
        let second = try await t.run(RemoteCommand("echo $$"), on: Self.host()).stdoutText
        #expect(first != second && !second.isEmpty)
    }

    @Test func sshFailingToConnectIsClassified() async throws {
        let t = try OpenSSHTransport(options: .init(sshPath: "/bin/sh", mode: .session))
        defer { Task { await t.shutdown() } }
        // /bin/sh given ssh's options fails at once; what it prints is not an ssh message: connection lost.
        do { _ = try await t.run(RemoteCommand("true"), on: Self.host()); Issue.record("should fail") }
        catch { #expect(error.code == .connectionLost, "\(error)") }
        let died = SessionOutcome.died(status: 255, stderr: Array("ssh: connect to host h1 port 22: Connection refused\n".utf8))
        #expect(throws: TransportError(.unreachable, host: "h1", message: "the ssh session ended before the command finished (ssh exit 255): ssh: connect to host h1 port 22: Connection refused")) {
            try OpenSSHTransport.result(of: died, command: RemoteCommand("true"), host: Self.host(), duration: .zero)
        }
    }

    @Test(.timeLimit(.minutes(1))) func manyHostsAtOnceEachGetTheirOwnAnswers() async throws {
        let t = try Self.transport(sessionLimit: 8, parallelLimit: 8)
        defer { Task { await t.shutdown() } }
        try await withThrowingTaskGroup(of: Void.self) { g in
            for n in 0..<40 {
                g.addTask {
                    for step in 0..<3 {
                        let r = try await t.run(RemoteCommand("echo \(n)-\(step); echo e\(n) >&2"), on: Self.host("h\(n % 20)"))
                        #expect(r.stdoutText == "\(n)-\(step)\n" && r.stderrText == "e\(n)\n")
                    }
                }
            }
            try await g.waitForAll()
        }
        #expect(await t.pool.openCount <= 8)
    }

    @Test func commandsWithStdinTakeThePerCommandPath() async throws {
        let t = try Self.transport()
        defer { Task { await t.shutdown() } }
        let r = try await t.run(RemoteCommand("cat; printf end", stdin: Array("in\nput".utf8)), on: Self.host())
        #expect(r.stdoutText == "in\nputend")
        #expect(await t.pool.openCount == 0)
        #expect(try await t.run(RemoteCommand("echo session"), on: Self.host()).stdoutText == "session\n")
        let again = try await t.run(RemoteCommand("cat", stdin: Array("x".utf8)), on: Self.host())
        #expect(again.stdoutText == "x" && again.succeeded)
    }
}
