import Foundation

/// The entry point behind sshd's `ForceCommand ... lab shell --dir DIR`: which host the connection
/// reached (the server address in `SSH_CONNECTION`) and what to run (`SSH_ORIGINAL_COMMAND`).
/// The transport's session bootstrap is served natively by `LabSessionLoop`.
public enum LabSSHEntry {
    /// Runs the forced command for one ssh session. The caller writes the output; nothing prints
    /// here, except a persistent session, which writes its framed results to `output` and `error`
    /// (stdout and stderr by default) as they happen and reads its commands from `input`.
    public static func run(directory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                           input: Int32 = 0, output: Int32 = 1, error: Int32 = 2,
                           stdin: @escaping @Sendable () -> [UInt8]) async -> LabOutput {
        let store = FileLabStore(directory: URL(fileURLWithPath: directory))
        guard let command = environment["SSH_ORIGINAL_COMMAND"] else {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: interactive shells are not emulated; pass a command\n".utf8))
        }
        let fields = (environment["SSH_CONNECTION"] ?? "").split(separator: " ").map(String.init)
        guard fields.count >= 3 else {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: SSH_CONNECTION is not set; run through sshd\n".utf8))
        }
        let state: LabState
        do { state = try store.read() } catch {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: \(error)\n".utf8))
        }
        guard let i = state.hostIndex(address: fields[2]) else {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: no lab host has address \(fields[2])\n".utf8))
        }
        let host = state.hosts[i].name
        if command == LabSessionLoop.bootstrap {
            let status = await LabSessionLoop(directory: directory, host: host, secrets: state, input: input, output: output, error: error).serve()
            return LabOutput(exitStatus: status, stdout: [], stderr: [])
        }
        let started = Date()
        let out = await LabShell(store: store).run(command, on: host, stdin: stdin)
        log(directory: directory, started: started, host: host, status: out.exitStatus, command: command, secrets: state)
        return out
    }

    /// Logs one command (the lab's secrets redacted; stdin is never logged).
    static func log(directory: String, started: Date, host: String, status: Int32, command: String, secrets: LabState) {
        let redacted = secrets.redacted(command)
        appendLog(directory: directory, "\(ISO8601DateFormatter().string(from: started)) \(host) exit=\(status) \(redacted.replacingOccurrences(of: "\n", with: "\\n"))\n")
    }

    /// Appends one line to `DIR/commands.log` (secrets redacted; stdin is never logged).
    static func appendLog(directory: String, _ line: String) {
        // O_NOFOLLOW: a commands.log planted as a symlink is not followed (nothing is logged then).
        let fd = open(directory + "/commands.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = Array(line.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
