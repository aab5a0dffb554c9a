import Foundation

/// The entry point behind sshd's `ForceCommand ... lab shell --dir DIR`: which host the connection
/// reached (the server address in `SSH_CONNECTION`) and what to run (`SSH_ORIGINAL_COMMAND`).
public enum LabSSHEntry {
    /// Runs the forced command for one ssh session. The caller writes the output; nothing prints here.
    public static func run(directory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
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
        let started = Date()
        let out = await LabShell(store: store).run(command, on: state.hosts[i].name, stdin: stdin)
        appendLog(directory: directory, "\(ISO8601DateFormatter().string(from: started)) \(state.hosts[i].name) exit=\(out.exitStatus) \(state.redacted(command).replacingOccurrences(of: "\n", with: "\\n"))\n")
        return out
    }

    /// Appends one line to `DIR/commands.log` (secrets redacted; stdin is never logged).
    static func appendLog(directory: String, _ line: String) {
        let fd = open(directory + "/commands.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = Array(line.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
