import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftSSH

/// Cancelling a command in flight (upshift's second Ctrl-C cancels the run) stops the local ssh
/// process at once instead of waiting for the command's timeout.
@Suite struct TransportCancellationTests {
    @Test("per-command: a cancelled command's ssh is stopped (SIGTERM, SIGKILL after 2 s)", .timeLimit(.minutes(1)))
    func perCommandStops() async throws {
        // An "ssh" that hangs like a command that never ends (exec: no grandchild holds its pipes).
        let path = NSTemporaryDirectory() + "upshift-hung-ssh-" + UUID().uuidString.prefix(8)
        _ = FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\nexec sleep 30\n".utf8), attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let t = try OpenSSHTransport(options: .init(sshPath: path, mode: .perCommand))
        let started = Date()
        let task = Task { try await t.run(RemoteCommand("sleep 30", timeout: .seconds(60)), on: SessionTransportTests.host()) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = try await task.value
        #expect(Date().timeIntervalSince(started) < 5, "stopped at once, not after the 30 s command")
        #expect(result.signal == "TERM" || result.signal == "KILL", "\(result)")
        try? FileManager.default.removeItem(atPath: t.socketDirectory)   // not shutdown(): its `ssh -O exit` would hang too
    }

    @Test("per-command: a command cancelled before its ssh starts is stopped as soon as it starts")
    func cancelledBeforeStart() async throws {
        let started = Date()
        let task = Task { () -> ProcessOutcome in
            withUnsafeCurrentTask { $0?.cancel() }
            return await ProcessRunner.run("/bin/sleep", ["30"], stdin: [], timeout: .seconds(60), outputLimit: 1024)
        }
        let outcome = await task.value
        #expect(Date().timeIntervalSince(started) < 5 && outcome.signal != nil, "\(outcome)")
    }
}
